from django import forms

from .audit import ACTIONS
from .uploads import IMAGE, bounded_image, validate_upload

SEAL_MAX_BYTES = 2 * 1024 * 1024
# A seal is printed about 4 cm wide: 1000 px is more than any print needs, and keeps every PDF small.
SEAL_MAX_SIDE = 1000
SEAL_MAX_PIXELS = 25_000_000


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label="操作人", required=False)
    obj = forms.CharField(label="对象", required=False)
    action = forms.ChoiceField(label="操作", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *sorted(ACTIONS.items())]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data


class SealForm(forms.Form):
    seal = forms.FileField(label="电子公章图片", help_text="PNG 或 JPG，最大 2 MB，建议透明背景的红色圆章")

    def clean_seal(self):
        """The stored seal is always a PNG of at most SEAL_MAX_SIDE pixels, re-encoded from the upload."""
        upload = self.cleaned_data["seal"]
        validate_upload(upload, kinds=IMAGE, max_bytes=SEAL_MAX_BYTES)
        return bounded_image(upload, max_side=SEAL_MAX_SIDE, kind="png", max_pixels=SEAL_MAX_PIXELS)

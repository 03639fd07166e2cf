from django import forms

from core.forms import PortalFormMixin


class SubmissionForm(PortalFormMixin, forms.Form):
    filled_by = forms.CharField(label="填报人", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=30)
    signer = forms.CharField(
        label="分管负责人签字",
        max_length=30,
        required=False,
        help_text="统计表样式设有“分管院长（校长）”时填写",
    )


class ProvinceForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)

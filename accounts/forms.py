from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .audit import ACTIONS
from .uploads import IMAGE, validate_upload


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确。连续输错 5 次将锁定 1 小时。",
        "inactive": "该账号已停用，请联系上级主管部门。",
    }


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
        upload = self.cleaned_data["seal"]
        validate_upload(upload, kinds=IMAGE, max_bytes=2 * 1024 * 1024)
        return upload

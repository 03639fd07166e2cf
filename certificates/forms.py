from django import forms

from core.forms import PortalFormMixin
from programs.models import Program

from .models import Certificate


class CertificateSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="编号、姓名或基地", required=False, max_length=60)
    program = forms.ModelChoiceField(label="培训项目", queryset=Program.objects.none(), required=False)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *Certificate.Status.choices], required=False
    )

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs if programs is not None else Program.objects.none()


class RevokeForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(label="撤销原因", max_length=200)


class VerifyForm(forms.Form):
    no = forms.CharField(label="证书编号", max_length=12)
    name = forms.CharField(label="姓名", max_length=30)

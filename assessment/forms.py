from django import forms

from core.forms import PortalFormMixin
from programs.models import Program

from .models import ResultBatch


class BatchSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="基地或项目", required=False, max_length=60)
    program = forms.ModelChoiceField(label="培训项目", queryset=Program.objects.none(), required=False)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *ResultBatch.Status.choices], required=False
    )

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs if programs is not None else Program.objects.none()

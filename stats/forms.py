from django import forms

from core.forms import PortalFormMixin

from .models import PerformanceReport, StatisticsPolicy


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


class StatisticsPolicyForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = StatisticsPolicy
        fields = ["layout", "sender", "due", "group_scope", "archive_years"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}

    def clean_archive_years(self):
        years = self.cleaned_data["archive_years"]
        if years < 5:
            raise forms.ValidationError("培训档案至少保存 5 年。")
        return years


class PerformanceReportForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = PerformanceReport
        fields = ["achievements", "problems", "remedies"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        help_texts = {
            "problems": "如实说明培训组织、教学、考核及资金使用中存在的问题",
            "remedies": "针对存在问题的整改措施及完成时限",
        }

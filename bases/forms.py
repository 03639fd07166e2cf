from django import forms
from django.forms import formset_factory
from django.utils import timezone

from accounts.models import Organisation
from core.forms import PortalFormMixin, preselect_only_choice
from programs.choices import Level
from programs.models import Occupation, Program

from .models import WHOLE_BASE, Base, PlanApplication, Sanction

DATE = {"type": "date"}


class BaseForm(PortalFormMixin, forms.ModelForm):
    name = forms.CharField(label="基地名称", max_length=100)
    code = forms.CharField(
        label="机构代码", max_length=40, help_text="统一社会信用代码或本市编号，创建后不可修改"
    )
    county = forms.ModelChoiceField(label="所在县区", queryset=Organisation.objects.none())
    occupations = forms.ModelMultipleChoiceField(
        label="具备资质的职业（工种）",
        queryset=Occupation.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    levels = forms.TypedMultipleChoiceField(
        label="具备资质的等级",
        choices=Level.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Base
        fields = ["kind", "address", "contact_person", "contact_phone", "qualified_from", "qualified_to"]
        widgets = {"qualified_from": forms.DateInput(attrs=DATE), "qualified_to": forms.DateInput(attrs=DATE)}

    field_order = ["name", "code", "county", "kind"]

    def __init__(self, *args, city: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = Organisation.objects.filter(kind=Organisation.Kind.COUNTY, city=city)
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["county"].disabled = True
            self.initial.update(
                name=self.instance.name,
                code=self.instance.code,
                county=self.instance.organisation.county_id,
                occupations=sorted({q.occupation_id for q in self.instance.qualifications.all()}),
                levels=sorted({q.level for q in self.instance.qualifications.all()}),
            )

    def qualifications(self) -> list[tuple[Occupation, int]]:
        """Every chosen occupation at every chosen level."""
        return [(o, level) for o in self.cleaned_data["occupations"] for level in self.cleaned_data["levels"]]

    def profile(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SanctionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Sanction
        fields = ["kind", "reason", "decided_on", "due_date", "amount", "ban_until"]
        widgets = {
            "decided_on": forms.DateInput(attrs=DATE),
            "due_date": forms.DateInput(attrs=DATE),
            "ban_until": forms.DateInput(attrs=DATE),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }


class PlanCreateForm(PortalFormMixin, forms.Form):
    program = forms.ModelChoiceField(label="培训项目", queryset=Program.objects.none())

    def __init__(self, *args, programs, by_base_name=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if not by_base_name:  # a base lists only its own plans
            del self.fields["q"]
        preselect_only_choice(self.fields["program"], programs)


class PlanLineForm(PortalFormMixin, forms.Form):
    # Not required here: a line without occupation and level stands for the whole base where the
    # programme counts places per base; the service says when a line needs them (plan_line_problems).
    occupation = forms.ModelChoiceField(
        label="拟培训职业（工种）", queryset=Occupation.objects.none(), required=False
    )
    # A blank first choice, so that the spare rows of the formset stay empty unless the clerk fills them.
    level = forms.TypedChoiceField(
        label="等级",
        choices=[("", "---------"), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    planned_count = forms.IntegerField(label="拟培训人数", min_value=1, max_value=10000)
    start = forms.DateField(label="开始日期", required=False, widget=forms.DateInput(attrs=DATE))
    end = forms.DateField(label="结束日期", required=False, widget=forms.DateInput(attrs=DATE))
    remark = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, occupations=None, by_base: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["occupation"]
        field.queryset = occupations if occupations is not None else Occupation.objects.none()
        if by_base:
            field.empty_label = WHOLE_BASE
            self.fields["level"].choices = [("", "不分等级"), *Level.choices]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("结束日期不能早于开始日期。")
        if (data.get("occupation") is None) != (data.get("level") is None):
            raise forms.ValidationError("职业（工种）和等级须同时填写。")
        return data


# A new plan opens with enough blank rows for a typical base; one with lines keeps a few spare rows.
# The "增加一行" button adds more in the browser (德州's bases have up to 18 lines).
NEW_PLAN_ROWS = 8
SPARE_ROWS = 3


def plan_line_formset(data=None, *, initial: list[dict], occupations, by_base: bool = False):
    """The plan-lines editor: the plan's lines, then blank rows (ignored on save while left blank).
    ``by_base``: the programme counts places per base, so a line may stand for the whole base."""
    extra = max(SPARE_ROWS, NEW_PLAN_ROWS - len(initial))
    formset_class = formset_factory(PlanLineForm, extra=extra, can_delete=True)
    return formset_class(
        data, initial=initial, prefix="lines", form_kwargs={"occupations": occupations, "by_base": by_base}
    )


class PublicationForm(PortalFormMixin, forms.Form):
    title = forms.CharField(label="公示标题", max_length=200)
    starts_on = forms.DateField(label="公示开始日期", widget=forms.DateInput(attrs=DATE))
    ends_on = forms.DateField(label="公示截止日期", widget=forms.DateInput(attrs=DATE))
    objection_phone = forms.CharField(label="异议受理电话", max_length=40)
    objection_address = forms.CharField(label="异议受理地址", max_length=200)
    plans = forms.ModelMultipleChoiceField(
        label="公示的培训计划", queryset=PlanApplication.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plans"].queryset = plans
        self.fields["plans"].label_from_instance = lambda plan: plan.base.name

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError("公示开始日期不能早于今天。")
        return starts_on

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            raise forms.ValidationError("公示截止日期不能早于开始日期。")
        return data


class ObjectionForm(PortalFormMixin, forms.Form):
    received_on = forms.DateField(label="收到日期", widget=forms.DateInput(attrs=DATE))
    content = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ObjectionResolveForm(PortalFormMixin, forms.Form):
    upheld = forms.TypedChoiceField(
        label="处理结果",
        choices=[("0", "异议不成立，予以确定"), ("1", "异议成立，不予确定")],
        coerce=lambda value: value == "1",
    )
    note = forms.CharField(label="处理说明", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class BaseSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="名称或代码", required=False)
    status = forms.ChoiceField(label="资质状态", choices=[("", "全部"), *Base.Status.choices], required=False)


class PlanSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="基地名称", required=False)
    program = forms.ModelChoiceField(
        label="培训项目", queryset=Program.objects.none(), required=False, empty_label="全部"
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *PlanApplication.Status.choices], required=False
    )

    def __init__(self, *args, programs, by_base_name=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if not by_base_name:  # a base lists only its own plans
            del self.fields["q"]

from django import forms
from django.forms import inlineformset_factory

from core.forms import PortalFormMixin, preselect_only_choice

from .choices import EmployerType, Level, MaterialKind, Route, Sex, Title
from .eligibility import Facts
from .models import Deadline, PolicyVersion, Program

DATE = {"type": "date"}
YES_NO = [("", "未填写"), ("1", "是"), ("0", "否")]


class ProgramForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "year",
            "kind",
            "code",
            "name",
            "notice",
            "reference_date",
            "training_start",
            "training_end",
            "occupations",
            "national_occupations",
        ]
        widgets = {
            "reference_date": forms.DateInput(attrs=DATE),
            "training_start": forms.DateInput(attrs=DATE),
            "training_end": forms.DateInput(attrs=DATE),
            "occupations": forms.SelectMultiple(attrs={"size": 8}),
            "national_occupations": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True  # other records and exports refer to it


DeadlineFormSet = inlineformset_factory(
    Program,
    Deadline,
    fields=["label", "due", "audience"],
    widgets={"due": forms.DateInput(attrs=DATE)},
    extra=2,
    can_delete=True,
)


class ProgramCopyForm(PortalFormMixin, forms.Form):
    year = forms.IntegerField(label="新项目年度", min_value=2000, max_value=2100)
    code = forms.SlugField(label="新项目代码", max_length=40)
    name = forms.CharField(label="新项目名称", max_length=120)

    def clean_code(self):
        code = self.cleaned_data["code"]
        if Program.objects.filter(code=code).exists():
            raise forms.ValidationError("项目代码已被使用。")
        return code


class PolicyForm(PortalFormMixin, forms.ModelForm):
    levels_offered = forms.TypedMultipleChoiceField(
        label="开设等级",
        choices=Level.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    routes = forms.MultipleChoiceField(
        label="报名途径（满足其一即可）",
        choices=Route.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    # Drawn in their own section of the form ("审核流程").
    review_chain_names = PolicyVersion.REVIEW_CHAIN_FIELDS
    # Drawn in their own section too ("考核评价").
    assessment_names = PolicyVersion.ASSESSMENT_FIELDS
    # --- scheme filing and spot checks: their own section ("开班备案与抽查") ---
    filing_names = PolicyVersion.FILING_FIELDS

    materials_required = forms.MultipleChoiceField(
        label="须提交的报名材料",
        choices=MaterialKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="“破格条件的有关资料”仅对经荣誉破格途径报名的学员要求",
    )

    class Meta:
        model = PolicyVersion
        fields = list(PolicyVersion.POLICY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank rule is not checked: say so instead of Django's dashes.
        for name in ("education_min", "catalog_rule"):
            self.fields[name].choices = [("", "不限"), *self.fields[name].choices[1:]]

    def clean_levels_offered(self):
        return sorted(self.cleaned_data["levels_offered"])

    def clean_routes(self):
        chosen = set(self.cleaned_data["routes"])
        return [route for route in Route.values if route in chosen]

    def clean_materials_required(self):
        chosen = set(self.cleaned_data["materials_required"])
        return [kind for kind in MaterialKind.values if kind in chosen]


class ApplicantFactsForm(PortalFormMixin, forms.Form):
    """The facts of one applicant, as a clerk types them; the eligibility engine reads ``facts()``."""

    id_number = forms.CharField(label="身份证号码", max_length=18)
    name = forms.CharField(label="姓名", max_length=30, required=False)
    sex = forms.ChoiceField(label="性别", choices=[("", "未填写"), *Sex.choices], required=False)
    employer = forms.CharField(label="工作单位", max_length=100, required=False)
    employer_type = forms.ChoiceField(
        label="单位类型", choices=[("", "未填写"), *EmployerType.choices], required=False
    )
    social_insurance = forms.TypedChoiceField(
        label="参加职工社会保险", choices=YES_NO, coerce=lambda v: v == "1", empty_value=None, required=False
    )
    education = forms.TypedChoiceField(
        label="文化程度",
        choices=[("", "未填写"), *PolicyVersion._meta.get_field("education_min").choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    cert_occupation = forms.CharField(
        label="现职业（工种）",
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "occupation-names"}),
    )
    cert_level = forms.TypedChoiceField(
        label="现证书等级",
        choices=[("", "无证书"), *Level.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    cert_number = forms.CharField(label="证书编号", max_length=40, required=False)
    cert_date = forms.DateField(label="发证日期", required=False, widget=forms.DateInput(attrs=DATE))
    years_in_trade = forms.IntegerField(label="累计工作年限", min_value=0, max_value=60, required=False)
    title = forms.ChoiceField(label="专业技术职称", choices=Title.choices, required=False)
    title_date = forms.DateField(label="职称取得日期", required=False, widget=forms.DateInput(attrs=DATE))
    honour = forms.BooleanField(label="市级以上技术能手或突出发明创造、技术革新成果", required=False)
    parallel_training = forms.BooleanField(label="同期参加其他补贴性培训或技能竞赛", required=False)
    employer_recommended = forms.BooleanField(label="用人单位推荐（目录外职业）", required=False)
    target_occupation = forms.CharField(
        label="参加培训职业（工种）",
        max_length=60,
        widget=forms.TextInput(attrs={"list": "occupation-names"}),
    )
    target_level = forms.TypedChoiceField(label="培训等级", choices=Level.choices, coerce=int)

    def facts(self) -> Facts:
        data = self.cleaned_data
        return Facts(
            id_number=data["id_number"],
            name=data.get("name", ""),
            sex=data.get("sex") or None,
            employer=data.get("employer", ""),
            employer_type=data.get("employer_type") or None,
            social_insurance=data.get("social_insurance"),
            education=data.get("education"),
            cert_occupation=data.get("cert_occupation", ""),
            cert_level=data.get("cert_level"),
            cert_number=data.get("cert_number", ""),
            cert_date=data.get("cert_date"),
            years_in_trade=data.get("years_in_trade"),
            title=data.get("title") or None,
            title_date=data.get("title_date"),
            honour=bool(data.get("honour")),
            parallel_training=bool(data.get("parallel_training")),
            target_occupation=data["target_occupation"],
            employer_recommended=bool(data.get("employer_recommended")),
        )


class EligibilityCheckForm(ApplicantFactsForm):
    program = forms.ModelChoiceField(label="培训项目", queryset=Program.objects.none())
    reference_date = forms.DateField(
        label="基准日",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text="留空则用项目资格审核基准日",
    )
    field_order = ["program", "reference_date", "target_occupation", "target_level"]

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs if programs is not None else Program.objects.none()
        preselect_only_choice(self.fields["program"], self.fields["program"].queryset)


class ProgramSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="关键词", required=False)
    year = forms.IntegerField(label="年度", required=False)
    status = forms.ChoiceField(label="状态", choices=[("", "全部"), *Program.Status.choices], required=False)

from django import forms

from bases.models import PlanLine
from core.forms import PortalFormMixin
from core.uploads import IMAGE_OR_PDF, LABELS
from programs.choices import Level
from programs.models import Occupation

from .choices import Category, Mode
from .models import SchemeTeacher, Session

DATE = {"type": "date"}


class PlanLineChoice(forms.ModelChoiceField):
    def label_from_instance(self, line: PlanLine) -> str:
        return f"{line.plan.program.name} · {line.what}{line.planned_count} 人"


class ClassForm(PortalFormMixin, forms.Form):
    line = PlanLineChoice(label="培训计划明细（职业、等级）", queryset=PlanLine.objects.none())
    # Asked only where the plan counts places for the base as a whole (潍坊): the line names no trade, so
    # the class says which occupation and level it trains.
    occupation = forms.ModelChoiceField(
        label="职业（工种）",
        queryset=Occupation.objects.order_by("name"),
        required=False,
        help_text="计划按基地总名额申报（不分职业）时必填",
    )
    level = forms.TypedChoiceField(
        label="等级",
        choices=[("", "—"), *Level.choices],
        coerce=int,
        required=False,
        empty_value=None,
        help_text="计划按基地总名额申报（不分职业）时必填",
    )
    name = forms.CharField(label="班次名称", max_length=60)
    head_teacher = forms.CharField(label="班主任", max_length=30)
    place = forms.CharField(label="培训地点", max_length=100)
    start = forms.DateField(label="开班日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end = forms.DateField(label="结业日期", widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))

    def __init__(self, *args, lines=None, fixed_line: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if lines is not None:
            self.fields["line"].queryset = lines
        if fixed_line:
            # The class's occupation and level are what its trainees were assigned by: not editable.
            for name in ("line", "occupation", "level"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        line = data.get("line")
        if line is not None and line.occupation_id is None:
            for name, label in (("occupation", "职业（工种）"), ("level", "等级")):
                if not data.get(name):
                    self.add_error(name, f"该计划按基地总名额申报，未分职业（工种），请选择本班次的{label}。")
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "结业日期不能早于开班日期。")
        return data


class ClassSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="班次名称或班主任", required=False)
    program = forms.ModelChoiceField(label="培训项目", queryset=None, required=False, empty_label="全部")
    base = forms.ModelChoiceField(label="培训基地", queryset=None, required=False, empty_label="全部")
    level = forms.TypedChoiceField(
        label="等级", choices=[("", "全部"), *Level.choices], coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, programs, bases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        if bases is None:
            del self.fields["base"]
        else:
            self.fields["base"].queryset = bases


class AssignForm(PortalFormMixin, forms.Form):
    enrollments = forms.ModelMultipleChoiceField(
        label="可编入的学员",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": "请选择要编入班次的学员。"},
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollments"].queryset = eligible
        self.fields["enrollments"].label_from_instance = lambda e: e.trainee.name


class SessionForm(PortalFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["day", "start", "end", "category", "content", "teacher", "mode", "hours", "place"]
        widgets = {
            "day": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = Category.choices
        self.fields["mode"].choices = Mode.choices

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "结束时间须晚于开始时间。")
        if data.get("hours") is not None and data["hours"] <= 0:
            self.add_error("hours", "课时须为正数。")
        return data


class WeekCopyForm(PortalFormMixin, forms.Form):
    week_of = forms.DateField(label="复制哪一周（该周任一天）", widget=forms.DateInput(attrs=DATE))
    to_week_of = forms.DateField(label="复制到哪一周（该周任一天）", widget=forms.DateInput(attrs=DATE))


class WorkbookForm(PortalFormMixin, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）")


class SignInForm(PortalFormMixin, forms.Form):
    scan = forms.FileField(
        label="签到表扫描件",
        help_text="手写签到表的扫描件或照片：" + "、".join(LABELS[k] for k in IMAGE_OR_PDF) + "，最大 20 MB",
    )


# --- scheme filing, amendments, spot checks ---------------------------------------------------------------

FILE_HELP = "、".join(LABELS[k] for k in IMAGE_OR_PDF) + "，最大 20 MB"


class SchemeForm(PortalFormMixin, forms.Form):
    outline = forms.CharField(label="培训大纲", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    outline_file = forms.FileField(label="培训大纲附件（可选）", required=False, help_text=FILE_HELP)
    textbooks = forms.CharField(
        label="教材选用",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="教材名称、出版社、版次",
    )
    textbooks_file = forms.FileField(label="教材清单附件（可选）", required=False, help_text=FILE_HELP)


class TeacherForm(PortalFormMixin, forms.Form):
    name = forms.CharField(label="教师姓名", max_length=30)
    id_number = forms.CharField(label="身份证号码", max_length=18, required=False)
    qualification = forms.ChoiceField(label="资格", choices=SchemeTeacher.Qualification.choices)
    certificate = forms.CharField(label="资格证书编号", max_length=60, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


YES_NO_MATCH = [("1", "一致"), ("0", "不一致")]


def _match(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO_MATCH, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )


class SpotCheckForm(PortalFormMixin, forms.Form):
    inspectors = forms.CharField(label="检查人员", max_length=100, help_text="检查人员姓名，多人以顿号分隔")
    checked_at = forms.DateTimeField(
        label="检查时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    content_matches = _match("培训内容")
    teacher_matches = _match("授课教师")
    time_matches = _match("培训时间")
    place_matches = _match("培训地点")
    expected = forms.IntegerField(label="应到人数", min_value=0)
    present = forms.IntegerField(label="实到人数", min_value=0)
    problems = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    record_scan = forms.FileField(
        label="检查记录扫描件", help_text="经检查人员、基地负责人签字的检查记录：" + FILE_HELP
    )
    photos = MultipleFileField(label="现场照片", required=False, help_text="JPG 或 PNG，可多选，最多 10 张")


class AmendmentDecisionForm(PortalFormMixin, forms.Form):
    opinion = forms.CharField(label="审批意见", max_length=300, required=False)

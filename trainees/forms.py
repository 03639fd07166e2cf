from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from bases.models import Base
from core.forms import PortalFormMixin, preselect_only_choice
from core.uploads import IMAGE, IMAGE_OR_PDF, SPREADSHEET, bounded_image, validate_upload
from programs.choices import Level
from programs.forms import ApplicantFactsForm
from programs.models import Occupation, Program

from .import_reports import XLS_CONTENT_TYPE, XLSX_CONTENT_TYPE
from .models import Enrollment, Material, Trainee
from .roster import RosterRow
from .roster.values import PHONE_RULE, name_problem, normalize_name, normalize_phone, phone_is_valid

MATERIAL_MAX_BYTES = 5 * 1024 * 1024
# Scans of ID cards and certificates stay legible at this size; larger photos are scaled down.
MATERIAL_IMAGE_MAX_SIDE = 3000
# What each kind of material may be: a photo must be an image; the scans may also be PDF.
MATERIAL_TYPES = {
    Material.Kind.ID_COPY: IMAGE_OR_PDF,
    Material.Kind.CONTRACT: IMAGE_OR_PDF,
    Material.Kind.CERTIFICATE: IMAGE_OR_PDF,
    Material.Kind.PHOTO: IMAGE,
    Material.Kind.TRUTH_STATEMENT: IMAGE_OR_PDF,
    Material.Kind.EXCEPTION_PROOF: IMAGE_OR_PDF,
}


class EnrollmentSearchForm(PortalFormMixin, forms.Form):
    q = forms.CharField(label="姓名或身份证号码", required=False, max_length=30)
    program = forms.ModelChoiceField(label="培训项目", queryset=Program.objects.none(), required=False)
    base = forms.ModelChoiceField(label="培训基地", queryset=Base.objects.none(), required=False)
    occupation = forms.ModelChoiceField(
        label="职业（工种）", queryset=Occupation.objects.none(), required=False
    )
    level = forms.TypedChoiceField(
        label="等级", choices=[("", "全部"), *Level.choices], coerce=int, empty_value=None, required=False
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部"), *Enrollment.Status.choices], required=False
    )

    def __init__(self, *args, programs, bases, occupations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["occupation"].queryset = occupations
        if bases is None:  # base staff see only their own base: no choice to make
            del self.fields["base"]
        else:
            self.fields["base"].queryset = bases
            self.fields["base"].label_from_instance = lambda base: base.organisation.name


class EnrollmentForm(ApplicantFactsForm):
    """Registration of one applicant by base staff: the applicant's facts plus what the roster keeps."""

    program = forms.ModelChoiceField(label="培训项目", queryset=Program.objects.none())
    # Required here as in the roster (trainees.roster.parse_row: "未填写姓名"); the eligibility checker's
    # form leaves it optional.
    name = forms.CharField(label="姓名", max_length=30, error_messages={"required": "未填写姓名"})
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    remark = forms.CharField(label="备注", max_length=200, required=False)

    field_order = ["program", "id_number", "name", "sex", "phone", "target_occupation", "target_level"]

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        preselect_only_choice(self.fields["program"], programs)
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["target_occupation"].widget.attrs["list"] = "occupation-options"

    # The roster's rules for 姓名 and 联系电话, so a value accepted in the form is accepted in an import.
    def clean_name(self) -> str:
        name = normalize_name(self.cleaned_data.get("name") or "")
        if not name:  # a name of blanks is no name
            raise ValidationError("未填写姓名")
        problem = name_problem(name)
        if problem:
            raise ValidationError(f"{problem}。")
        # NFKC may lengthen a name ("㈱" is three characters): the stored field's limit is what counts.
        limit = Trainee._meta.get_field("name").max_length
        if len(name) > limit:
            raise ValidationError(f"姓名最多 {limit} 个字符。")
        return name

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("phone") or "")
        if not phone_is_valid(phone):
            raise ValidationError(f"联系电话无效（{PHONE_RULE}）。")
        return phone

    def roster_row(self) -> RosterRow:
        """The form as the one roster row the enrolment service judges, exactly like an imported row."""
        data = self.cleaned_data
        return RosterRow(
            row=1,
            facts=self.facts(),
            target_level=data["target_level"],
            phone=data.get("phone", ""),
            remark=data.get("remark", ""),
            honour_text="荣誉" if data.get("honour") else "",
        )


class EnrollmentEditForm(EnrollmentForm):
    """Editing an enrolment's facts: the programme and the ID number stay as registered."""

    def __init__(self, *args, enrollment: Enrollment, **kwargs):
        kwargs.setdefault("initial", enrollment_initial(enrollment))
        super().__init__(*args, programs=Program.objects.filter(pk=enrollment.program_id), **kwargs)
        del self.fields["program"]
        self.fields["id_number"].disabled = True
        self.fields["id_number"].help_text = "身份证号码不能修改；登记错了人请办理退出后重新登记。"
        self._honour_text = enrollment.honour

    def roster_row(self) -> RosterRow:
        row = super().roster_row()
        # Keep the honour as the roster worded it ("市级技术能手") while the box stays ticked.
        if row.honour_text and self._honour_text:
            row.honour_text = self._honour_text
        return row


def enrollment_initial(enrollment: Enrollment) -> dict:
    """The form's starting values: the facts as this enrolment's base entered them."""
    return {
        "id_number": enrollment.trainee.id_number,
        "name": enrollment.entered_name,
        "sex": enrollment.trainee.sex,
        "phone": enrollment.entered_phone,
        "employer": enrollment.employer,
        "employer_type": enrollment.employer_type,
        "social_insurance": {True: "1", False: "0"}.get(enrollment.social_insurance, ""),
        "education": enrollment.education,
        "cert_occupation": enrollment.cert_occupation,
        "cert_level": enrollment.cert_level,
        "cert_number": enrollment.cert_number,
        "cert_date": enrollment.cert_date,
        "years_in_trade": enrollment.years_in_trade,
        "title": enrollment.title,
        "title_date": enrollment.title_date,
        "honour": bool(enrollment.honour),
        "parallel_training": enrollment.parallel_training,
        "employer_recommended": enrollment.employer_recommended,
        "target_occupation": enrollment.occupation.name,
        "target_level": enrollment.level,
        "remark": enrollment.remark,
    }


class WithdrawForm(PortalFormMixin, forms.Form):
    reason = forms.CharField(
        label="退出原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写退出原因。", "max_length": "退出原因不能超过 200 字。"},
    )


class MaterialForm(PortalFormMixin, forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=Material.Kind.choices)
    file = forms.FileField(label="文件", error_messages={"required": "请选择要上传的文件。"})

    def clean(self):
        data = super().clean()
        upload, kind = data.get("file"), data.get("kind")
        if upload is not None and kind:
            try:
                data["file_type"] = validate_upload(
                    upload, kinds=MATERIAL_TYPES[kind], max_bytes=MATERIAL_MAX_BYTES
                )
                if data["file_type"] in IMAGE:  # stored as decoded and re-encoded, bounded in size
                    data["file"] = bounded_image(upload, max_side=MATERIAL_IMAGE_MAX_SIDE)
            except ValidationError as error:
                self.add_error("file", error)
        return data


class RosterUploadForm(PortalFormMixin, forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), label="培训项目", empty_label="请选择培训项目"
    )
    file = forms.FileField(
        label="花名册文件（.xlsx）",
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,.xls,{XLSX_CONTENT_TYPE},{XLS_CONTENT_TYPE}"}
        ),
        help_text="使用本页下载的花名册模板填写（也可另存为 .xls）；最大 10 MB。",
    )

    def __init__(self, *args, programs: QuerySet[Program], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        preselect_only_choice(self.fields["program"], programs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Type and size only: whether it is a roster within the limits is the import's first step.
        validate_upload(upload, kinds=SPREADSHEET, max_bytes=settings.SPREADSHEET_LIMITS["file_bytes"])
        return upload

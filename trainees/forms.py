import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from bases.models import Base
from core.forms import PortalFormMixin, preselect_only_choice
from core.uploads import IMAGE, IMAGE_OR_PDF, validate_upload
from programs.choices import Level
from programs.forms import ApplicantFactsForm
from programs.models import Occupation, Program

from .import_reports import XLSX_CONTENT_TYPE, upload_problem
from .models import Enrollment, Material
from .roster import RosterRow

MATERIAL_MAX_BYTES = 5 * 1024 * 1024
# What each kind of material may be: a photo must be an image; the scans may also be PDF.
MATERIAL_TYPES = {
    Material.Kind.ID_COPY: IMAGE_OR_PDF,
    Material.Kind.CONTRACT: IMAGE_OR_PDF,
    Material.Kind.CERTIFICATE: IMAGE_OR_PDF,
    Material.Kind.PHOTO: IMAGE,
}
# The roster's rule for 联系电话, so a phone accepted in the form is accepted in an import.
_PHONE = re.compile(r"[0-9 +\-]{7,20}")


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
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    remark = forms.CharField(label="备注", max_length=200, required=False)

    field_order = ["program", "id_number", "name", "sex", "phone", "target_occupation", "target_level"]

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        preselect_only_choice(self.fields["program"], programs)
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "inputmode": "text"})
        self.fields["target_occupation"].widget.attrs["list"] = "occupation-options"

    def clean_phone(self) -> str:
        phone = unicodedata.normalize("NFKC", self.cleaned_data.get("phone") or "").strip()
        if phone and not (_PHONE.fullmatch(phone) and sum(ch.isdigit() for ch in phone) >= 7):
            raise ValidationError("联系电话无效（应为 7–20 位数字，可含空格、-、+）。")
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
            except ValidationError as error:
                self.add_error("file", error)
        return data


class FilingReviewForm(PortalFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="处理", choices=[("acknowledge", "确认备案"), ("return", "退回基地")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class RosterUploadForm(PortalFormMixin, forms.Form):
    program = forms.ModelChoiceField(
        queryset=Program.objects.none(), label="培训项目", empty_label="请选择培训项目"
    )
    file = forms.FileField(
        label="花名册文件（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
        help_text="使用本页下载的花名册模板填写；最大 10 MB。",
    )

    def __init__(self, *args, programs: QuerySet[Program], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        preselect_only_choice(self.fields["program"], programs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = upload_problem(upload)
        if problem:
            raise ValidationError(problem)
        return upload

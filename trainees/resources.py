"""The roster (花名册) as django-import-export sees it: the 德州 2021 附件3 columns, in the notice's order.

With ``apply_rule`` each row shows the person's data as trainees.privacy lets the requester see it (the
queryset is annotated by ``with_full_view``); without it (the admin, support staff) the full values. An
export carrying full ID numbers must be recorded as a "trainee.export" audit entry by whoever builds it.
"""

from import_export import fields, resources

from programs.choices import Level, Sex

from .models import Enrollment
from .privacy import Shown, shown
from .roster import CERTIFICATE_GROUP, EXPORTED

__all__ = ["CERTIFICATE_GROUP", "ROSTER_COLUMNS", "RosterResource"]

# 德州 附件3 《德州市“金蓝领”培训学员花名册》: the exported columns of the roster's column table.
ROSTER_COLUMNS: list[str] = [column.export for column in EXPORTED]
_HEADING = {column.header: column.export for column in EXPORTED}

FIELD_ORDER = (
    "seq",
    "name",
    "sex",
    "id_number",
    "employer",
    "cert_occupation",
    "cert_number",
    "years_in_trade",
    "occupation",
    "level",
    "phone",
    "remark",
)


class RosterResource(resources.ModelResource):
    """One row per enrolment; 序号 counts the rows of this export from 1."""

    seq = fields.Field(column_name=_HEADING["序号"])
    name = fields.Field(column_name=_HEADING["姓名"])
    sex = fields.Field(column_name=_HEADING["性别"])
    id_number = fields.Field(column_name=_HEADING["身份证号码"])
    employer = fields.Field(attribute="employer", column_name=_HEADING["工作单位"])
    cert_occupation = fields.Field(attribute="cert_occupation", column_name=_HEADING["现职业（工种）"])
    cert_number = fields.Field(attribute="cert_number", column_name=_HEADING["证书编号"])
    years_in_trade = fields.Field(column_name=_HEADING["工作年限"])
    occupation = fields.Field(attribute="occupation__name", column_name=_HEADING["参加培训职业（工种）"])
    level = fields.Field(column_name=_HEADING["培训等级"])
    phone = fields.Field(column_name=_HEADING["联系电话"])
    remark = fields.Field(attribute="remark", column_name=_HEADING["备注"])

    class Meta:
        model = Enrollment
        fields = FIELD_ORDER
        export_order = FIELD_ORDER

    def __init__(self, *, apply_rule: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.apply_rule = apply_rule

    def _person(self, enrollment: Enrollment) -> Shown:
        return shown(enrollment) if self.apply_rule else Shown(enrollment, full=True)

    def dehydrate_name(self, enrollment: Enrollment) -> str:
        return self._person(enrollment).name

    def dehydrate_id_number(self, enrollment: Enrollment) -> str:
        return self._person(enrollment).id_number

    def dehydrate_phone(self, enrollment: Enrollment) -> str:
        return self._person(enrollment).phone

    def get_queryset(self):
        return Enrollment.objects.select_related("trainee", "occupation")

    def before_export(self, queryset, **kwargs):
        self._seq = 0

    def dehydrate_seq(self, enrollment: Enrollment) -> int:
        self._seq = getattr(self, "_seq", 0) + 1
        return self._seq

    def dehydrate_sex(self, enrollment: Enrollment) -> str:
        return Sex(enrollment.trainee.sex).label if enrollment.trainee.sex in Sex.values else ""

    def dehydrate_years_in_trade(self, enrollment: Enrollment):
        return "" if enrollment.years_in_trade is None else enrollment.years_in_trade

    def dehydrate_level(self, enrollment: Enrollment) -> str:
        return Level(enrollment.level).label

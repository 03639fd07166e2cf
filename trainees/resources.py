"""The roster (花名册) as django-import-export sees it: the 德州 2021 附件3 columns, in the notice's order.

With ``apply_rule`` each row shows the person's data as trainees.privacy lets the requester see it (the
queryset is annotated by ``with_full_view``); without it (the admin, support staff) the full values. An
export carrying full ID numbers must be recorded as a "trainee.export" audit entry by whoever builds it.
"""

import tablib
from django.db.models import QuerySet
from import_export import fields, resources

from programs.choices import Level, Sex

from .models import Enrollment
from .privacy import Shown
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
    """One row per enrolment; 序号 counts the rows of this export from 1.

    The rows come from one ``values()`` query, not from model objects field by field: the export of a
    base's roster is linear in its rows and costs little more than writing them (benchmarks/documents.py).
    The declared fields name the columns (the admin's export form lists them)."""

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
        self.rows_in_full = 0  # rows of the last export with the full name, ID number and phone

    def get_queryset(self):
        return Enrollment.objects.all()

    def export(self, queryset=None, **kwargs) -> tablib.Dataset:
        dataset = tablib.Dataset(headers=ROSTER_COLUMNS)
        for row in self.rows(self.get_queryset() if queryset is None else queryset):
            dataset.append(row)
        return dataset

    def rows(self, queryset: QuerySet[Enrollment]):
        """The export's rows in FIELD_ORDER. With ``apply_rule`` a row is in full only where the
        queryset's ``full_view`` annotation (trainees.privacy.with_full_view) says so."""
        ruled = self.apply_rule and "full_view" in queryset.query.annotations
        values = queryset.values_list(*_ROW_VALUES, "full_view" if ruled else "pk")
        self.rows_in_full = 0
        for seq, row in enumerate(values.iterator(chunk_size=2000), start=1):
            name, person_name, sex, id_number, employer, cert_occupation, cert_number, years = row[:8]
            occupation, level, phone, person_phone, remark, rule = row[8:]
            full = bool(rule) if ruled else not self.apply_rule
            self.rows_in_full += full
            # As Enrollment.entered_name / entered_phone: what the base entered, else the person's.
            person = Shown.of(
                name=name or person_name, id_number=id_number, phone=phone or person_phone, full=full
            )
            yield [
                seq, person.name, _SEX.get(sex, ""), person.id_number, employer, cert_occupation,
                cert_number, "" if years is None else years, occupation, _LEVEL[level], person.phone,
                remark,
            ]  # fmt: skip


# What a row reads, in FIELD_ORDER.
_ROW_VALUES = (
    "name",
    "trainee__name",
    "trainee__sex",
    "trainee__id_number",
    "employer",
    "cert_occupation",
    "cert_number",
    "years_in_trade",
    "occupation__name",
    "level",
    "phone",
    "trainee__phone",
    "remark",
)
_SEX = dict(Sex.choices)
_LEVEL = dict(Level.choices)

"""The rows of the enrolment list, read as plain values.

A list page shows 50 enrolments of a scope that can hold 100,000: building five model objects per row
(enrolment, person, base, organisation, occupation) and resolving choice labels in the template was
most of the page's time. The page query selects only what a row shows, and each row is a small object
whose fields are the strings the table prints, with personal data as trainees.privacy allows.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import dateformat, formats, timezone

from programs.choices import Level, Route, Sex

from .models import Enrollment
from .privacy import Shown

# What a row reads; the queryset is annotated with ``full_view`` (trainees.privacy.with_full_view).
LIST_VALUES = (
    "pk",
    "name",
    "trainee__name",
    "trainee__sex",
    "trainee__id_number",
    "phone",
    "trainee__phone",
    "base__organisation__name",
    "occupation__name",
    "level",
    "route",
    "source",
    "status",
    "created_at",
    "full_view",
)
_SEX, _LEVEL, _ROUTE = dict(Sex.choices), dict(Level.choices), dict(Route.choices)
_SOURCE, _STATUS = dict(Enrollment.Source.choices), dict(Enrollment.Status.choices)


@dataclass(frozen=True, slots=True)
class EnrollmentRow:
    pk: int
    url: str
    person: Shown
    sex: str
    base: str
    occupation: str
    level: str
    route: str
    source: str
    status: str
    status_colour: str | None  # None: the normal state, shown without a badge
    created: str


def list_values(enrollments: QuerySet[Enrollment]) -> QuerySet:
    """``enrollments`` (annotated with ``full_view``) as the value rows ``enrollment_rows`` reads."""
    return enrollments.values_list(*LIST_VALUES)


_SENTINEL = 987654321  # stands for the pk in the one reversed detail URL


def enrollment_rows(values) -> list[EnrollmentRow]:
    # One reverse() and one format lookup per page, not per row (a third of the rows' building time).
    url_of = reverse("trainees:enrollment_detail", args=[_SENTINEL]).replace(str(_SENTINEL), "{}")
    datetime_format = formats.get_format("DATETIME_FORMAT")
    rows = []
    for value in values:
        pk, name, person_name, sex, id_number, phone, person_phone, base, occupation, level = value[:10]
        route, source, status, created_at, full_view = value[10:]
        rows.append(
            EnrollmentRow(
                pk=pk,
                url=url_of.format(pk),
                # As Enrollment.entered_name / entered_phone: what the base entered, else the person's.
                person=Shown.of(
                    name=name or person_name,
                    id_number=id_number,
                    phone=phone or person_phone,
                    full=bool(full_view),
                ),
                sex=_SEX.get(sex, ""),
                base=base,
                occupation=occupation,
                level=_LEVEL.get(level, ""),
                route=_ROUTE.get(route, ""),
                source=_SOURCE.get(source, ""),
                status=_STATUS.get(status, status),
                status_colour=Enrollment.STATUS_BADGES.get(status),
                created=dateformat.format(timezone.localtime(created_at), datetime_format),
            )
        )
    return rows

"""The one rule for who sees a trainee's full personal data (name, 身份证号码, phone), and the limiter on
lookups that could otherwise recover what masking hides.

The rule (SPEC §1: "masked wherever the full value is not needed"; the notices decide who needs it):

- staff of the enrolment's own base see it in full everywhere: they registered these people, print their
  letters and file their roster;
- the county and the city bureau over the base see it in full once the base has filed that programme's
  roster (花名册备案): the notices have the base hand them the roster with the ID copies then
  ("将学员花名册、学员身份证复印件……报所在地人社部门备案"; 潍坊: county review, then the city's
  复核备案), so from then on their work needs the full values; before that they see masked values;
- the province is read-only and always sees masked values.

Pages, lists, search, the 承诺证明 PDF, the 花名册 export, material downloads and job results all ask
``full_view_q`` / ``sees_personal_data``, so one answer holds everywhere.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value

from accounts.models import User
from accounts.scoping import NOTHING, org_scope_q
from core.audit import audit_record
from core.errors import PortalError
from core.idcard import mask_id_number, mask_name, mask_phone

from .models import Enrollment, RosterFiling

Role = User.Role


def full_view_q(user: User) -> Q:
    """The enrolments (as a filter on Enrollment) whose personal data ``user`` may see in full."""
    if not user.is_authenticated or user.organisation_id is None:
        return NOTHING
    if user.role == Role.BASE:
        return Q(base__organisation=user.organisation_id)
    if user.role in (Role.COUNTY, Role.CITY):
        filed = RosterFiling.objects.filter(base=OuterRef("base"), program=OuterRef("program"))
        return org_scope_q(user, "base__organisation") & Q(Exists(filed))
    return NOTHING


def sees_all_in_full(user: User) -> bool:
    """Base staff see only their own base's trainees, and all of them in full; every other role may see
    some enrolments masked (and so must not be able to search its way past the mask)."""
    return user.is_authenticated and user.role == Role.BASE


def with_full_view(enrollments: QuerySet[Enrollment], user: User) -> QuerySet[Enrollment]:
    """``enrollments`` annotated with ``full_view``: whether ``user`` sees each one in full."""
    rule = full_view_q(user)
    if rule == NOTHING:
        return enrollments.annotate(full_view=Value(False, output_field=BooleanField()))
    return enrollments.annotate(full_view=ExpressionWrapper(rule, output_field=BooleanField()))


def sees_personal_data(user: User, enrollment: Enrollment) -> bool:
    """Whether ``user`` may see this enrolment's full name, ID number and phone (one query)."""
    return Enrollment.objects.filter(pk=enrollment.pk).filter(full_view_q(user)).exists()


class Shown:
    """The personal data of an enrolment as a user may see it: what its base entered, masked unless
    the rule allows the full values."""

    def __init__(self, enrollment: Enrollment, *, full: bool):
        self._show(enrollment.entered_name, enrollment.trainee.id_number, enrollment.entered_phone, full)

    @classmethod
    def of(cls, *, name: str, id_number: str, phone: str, full: bool) -> "Shown":
        """The same from the values of a ``values()`` row (exports that build no model objects)."""
        person = cls.__new__(cls)
        person._show(name, id_number, phone, full)
        return person

    def _show(self, name: str, id_number: str, phone: str, full: bool) -> None:
        self.full = full
        self.name = name if full else mask_name(name)
        self.id_number = id_number if full else mask_id_number(id_number)
        self.phone = phone if full else mask_phone(phone)


def shown(enrollment: Enrollment) -> Shown:
    """For an enrolment of a ``with_full_view`` queryset (masked when it was not annotated)."""
    return Shown(enrollment, full=bool(getattr(enrollment, "full_view", False)))


# --- the lookup limiter ------------------------------------------------------------------------------


class LookupLimitExceeded(PortalError):
    """Too many lookups of complete ID numbers or names in the window."""


def lookup_admit(user: User, *, kind: str, term: str, note: str = "") -> bool:
    """Count one lookup of ``term`` by ``user`` against the ``kind`` limit of settings.PERSONAL_LOOKUP_LIMITS
    (count per window in seconds); raise LookupLimitExceeded past it. The same term again within the
    window (the next page of the same search, the clerk still typing the same person) is not counted
    again. With ``note``, a counted lookup is audited. Returns whether it was counted."""
    limit, window = settings.PERSONAL_LOOKUP_LIMITS[kind]
    digest = hashlib.sha256(term.encode()).hexdigest()[:32]
    seen_key = f"personal-lookup:{kind}:{user.pk}:{digest}"
    if cache.get(seen_key):
        return False
    count_key = f"personal-lookup:{kind}:{user.pk}"
    cache.add(count_key, 0, timeout=window)  # the window starts with the first lookup
    try:
        count = cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, timeout=window)
        count = 1
    if count > limit:
        minutes = max(window // 60, 1)
        raise LookupLimitExceeded(
            f"查询过于频繁：每 {minutes} 分钟最多按完整身份证号码或姓名查询 {limit} 次，请稍后再试。"
        )
    cache.set(seen_key, 1, timeout=window)
    if note:
        audit_record(actor=user, action="trainee.lookup", note=note)
    return True


def lookup_note(term: str, *, is_id_number: bool) -> str:
    """What the audit log keeps of a lookup: the term masked, as the searcher's pages show it."""
    if is_id_number:
        return f"按完整身份证号码查询学员：{mask_id_number(term)}"
    return f"按完整姓名查询学员：{mask_name(term)}"

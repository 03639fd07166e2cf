"""Reads for accounts: always scoped to what the user may see."""

from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import AuditEntry, Job, Organisation, User
from .scoping import org_scope_q, organisations_visible_to


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(org_scope_q(user, "organisation")).select_related("content_type")


def audit_entries_search(
    user: User,
    *,
    actor: str = "",
    obj: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = audit_entries_visible_to(user)
    if actor:
        entries = entries.filter(Q(actor_name__icontains=actor) | Q(actor__username__icontains=actor))
    if obj:
        entries = entries.filter(object_repr__icontains=obj)
    if action:
        entries = entries.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=tz))
    if date_to:
        entries = entries.filter(created_at__lte=datetime.combine(date_to, time.max, tzinfo=tz))
    return entries


def jobs_visible_to(user: User) -> QuerySet[Job]:
    return Job.objects.filter(org_scope_q(user, "organisation"))


def users_visible_to(user: User) -> QuerySet[User]:
    return User.objects.filter(organisation__in=organisations_visible_to(user))


def organisation_tiles(user: User) -> list[tuple[str, int, str]]:
    """(label, count, url) for the organisations and users under the user's node, in one query each."""
    Kind = Organisation.Kind
    counts = organisations_visible_to(user).aggregate(
        cities=Count("pk", filter=Q(kind=Kind.CITY)),
        counties=Count("pk", filter=Q(kind=Kind.COUNTY)),
        bases=Count("pk", filter=Q(kind=Kind.BASE)),
    )
    tiles = {
        Kind.PROVINCE: [
            ("地市", counts["cities"]),
            ("县区", counts["counties"]),
            ("培训基地", counts["bases"]),
        ],
        Kind.CITY: [("县区", counts["counties"]), ("培训基地", counts["bases"])],
        Kind.COUNTY: [("辖区培训基地", counts["bases"])],
        Kind.BASE: [],
    }[user.role]
    return [(label, n, "") for label, n in tiles] + [("本级及下属用户", users_visible_to(user).count(), "")]

"""Reads of the audit log and jobs: always scoped to what the user may see."""

from datetime import date, datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.scoping import org_scope_q, organisations_visible_to

from .models import AuditEntry, Job


def audit_entries_visible_to(user: User) -> QuerySet[AuditEntry]:
    """The province reads the whole log; others the entries of the organisations in their scope, given as
    a literal id list (one small query) so that PostgreSQL plans with the ids known and walks the log's
    time index (or the (organisation, time) one) instead of joining the organisation tree and sorting."""
    entries = AuditEntry.objects.select_related("content_type")
    org = user.organisation if user.is_authenticated else None
    if org is not None and org.kind == org.Kind.PROVINCE:
        return entries
    return entries.filter(
        organisation_id__in=list(organisations_visible_to(user).order_by().values_list("id", flat=True))
    )


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
    """The user's own jobs, and the jobs in their scope whose kind lets others see them."""
    return Job.objects.filter(
        Q(requested_by=user) | (Q(shared_in_scope=True) & org_scope_q(user, "organisation"))
    )

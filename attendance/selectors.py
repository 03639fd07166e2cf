"""Reads of training delivery, always scoped to what the user may see: a base its own classes, a county
those of the bases located in it, a city its city's, the province all."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import User
from accounts.scoping import org_scope_q

from .models import Attendance, ClassMember, Session, TrainingClass


def classes_visible_to(user: User) -> QuerySet[TrainingClass]:
    return TrainingClass.objects.filter(org_scope_q(user, "base__organisation")).select_related(
        "program__policy", "base__organisation", "occupation"
    )


def classes_search(user: User, *, program=None, base=None, occupation=None, level=None, q: str = ""):
    # Subqueries, not joins: joining members and sessions at once would multiply the hours by the head count.
    members = ClassMember.objects.filter(training_class=OuterRef("pk")).order_by().values("training_class")
    sessions = Session.objects.filter(training_class=OuterRef("pk")).order_by().values("training_class")
    classes = (
        classes_visible_to(user)
        .annotate(
            member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")), 0),
            session_count=Coalesce(Subquery(sessions.annotate(n=Count("pk")).values("n")), 0),
            scheduled_hours=Subquery(sessions.annotate(h=Sum("hours")).values("h")),
        )
        .order_by("-start", "-id")
    )
    if program:
        classes = classes.filter(program=program)
    if base:
        classes = classes.filter(base=base)
    if occupation:
        classes = classes.filter(occupation=occupation)
    if level:
        classes = classes.filter(level=level)
    if q := (q or "").strip():
        classes = classes.filter(Q(name__icontains=q) | Q(head_teacher__icontains=q))
    return classes


def sessions_visible_to(user: User) -> QuerySet[Session]:
    return Session.objects.filter(org_scope_q(user, "training_class__base__organisation")).select_related(
        "training_class__program__policy", "training_class__base__organisation", "training_class__occupation"
    )


def members_visible_to(user: User) -> QuerySet[ClassMember]:
    return ClassMember.objects.filter(org_scope_q(user, "training_class__base__organisation")).select_related(
        "training_class__base__organisation", "enrollment__trainee"
    )


def class_members(training_class: TrainingClass) -> QuerySet[ClassMember]:
    return training_class.members.select_related("enrollment__trainee").order_by(
        "enrollment__trainee__name", "id"
    )


def class_sessions(training_class: TrainingClass) -> QuerySet[Session]:
    """The schedule in order, with each session's counts of present, absent and leave."""
    return training_class.sessions.annotate(
        present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
        absent=Count("attendance", filter=Q(attendance__status=Attendance.Status.ABSENT)),
        leave=Count("attendance", filter=Q(attendance__status=Attendance.Status.LEAVE)),
    ).order_by("day", "start", "id")


def session_marks(session: Session) -> dict[int, str]:
    """Enrolment id → status recorded for the session."""
    return dict(session.attendance.values_list("enrollment_id", "status"))

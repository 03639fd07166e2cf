"""Reads of training delivery, always scoped to what the user may see: a base its own classes, a county
those of the bases located in it, a city its city's, the province all."""

from django.db.models import Count, Q, QuerySet, Sum

from accounts.models import User
from accounts.scoping import org_scope_q

from .models import Attendance, ClassMember, Session, TrainingClass


def classes_visible_to(user: User) -> QuerySet[TrainingClass]:
    return TrainingClass.objects.filter(org_scope_q(user, "base__organisation")).select_related(
        "program__policy", "base__organisation", "occupation"
    )


def classes_search(user: User, *, program=None, base=None, occupation=None, level=None, q: str = ""):
    classes = classes_visible_to(user).annotate(
        member_count=Count("members", distinct=True),
        session_count=Count("sessions", distinct=True),
        scheduled_hours=Sum("sessions__hours"),
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

"""Demo data of programmes: the five presets of the notices and the occupation catalogue.

Records are created now but belong to the notices' years: each programme, its policy and their audit
entries carry the date of the programme's notice (its reference date), so a 2021 programme never shows
"创建 2026"."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from core.models import AuditEntry

from .models import PolicyVersion, Program
from .presets import PRESETS
from .services import presets_load


def seed() -> None:
    presets_load()
    for program in Program.objects.filter(code__in=PRESETS):
        backdate_program(program)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """``day`` at that local time (Asia/Shanghai), as the portal stores timestamps."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def notice_day(program: Program) -> datetime.date:
    """The day a demo programme was announced: its notice date (the reference date of the presets)."""
    return program.reference_date or datetime.date(program.year, 1, 1)


def backdate_program(program: Program) -> None:
    """The programme, its policy versions and their audit entries dated on the notice day (idempotent)."""
    when = at(notice_day(program), 9)
    Program.objects.filter(pk=program.pk).update(created_at=when)
    PolicyVersion.objects.filter(program=program).update(created_at=when)
    backdate_audit(program, when)
    for version in PolicyVersion.objects.filter(program=program):
        backdate_audit(version, when)


def backdate_audit(
    obj, when: datetime.datetime, *, actions: dict[str, datetime.datetime] | None = None
) -> None:
    """Date the object's audit entries: ``actions`` maps an action to its own time, others get ``when``."""
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    )
    for action, moment in (actions or {}).items():
        entries.filter(action=action).update(created_at=moment)
    entries.exclude(action__in=list(actions or {})).update(created_at=when)

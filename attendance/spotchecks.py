"""Spot checks (现场抽查, issue 11 point 8): county and city staff record an unannounced check of a
session — do content, teacher, time and place match the schedule, present against expected, problems,
photos and the signed record (检查人员、基地负责人签字) as a scan.

Coverage is policy: ``spot_check_every_class`` (潍坊 "每个班次抽查不少于一次") marks the classes without a
check as due; ``cross_inspection_min_classes`` (泰安 交叉互查) asks, per county, at least that many
classes of different kinds (occupations) checked by staff of another county, and lets county staff
record checks on the sessions of the other counties of their city.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.scoping import organisations_visible_to
from core.audit import audit_record
from core.uploads import IMAGE, IMAGE_OR_PDF, store_in_field, validate_upload
from programs.models import Program

from .filing import file_digest
from .models import Session, SpotCheck, SpotCheckPhoto, TrainingClass
from .selectors import sessions_visible_to
from .services import DeliveryError

Role = User.Role
RECORD_MAX_BYTES = 20 * 1024 * 1024
PHOTO_MAX_BYTES = 20 * 1024 * 1024
PHOTOS_MAX = 10
EXTENSIONS = {"png": "png", "jpeg": "jpg", "pdf": "pdf"}
INSPECTORS = (Role.COUNTY, Role.CITY)


class SpotCheckError(DeliveryError):
    """A spot check that cannot be recorded; the message is Chinese."""


def sessions_checkable_by(user: User) -> QuerySet[Session]:
    """The sessions ``user`` may record a check of: those in scope, and for county staff also the
    sessions of the other counties of their city where the programme runs a cross inspection."""
    visible = sessions_visible_to(user)
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None or organisation.kind != Organisation.Kind.COUNTY:
        return visible
    cross = Q(
        training_class__base__organisation__city=organisation.city,
        training_class__program__policy__cross_inspection_min_classes__isnull=False,
    )
    return Session.objects.filter(Q(pk__in=visible.values("pk")) | cross).select_related(
        "training_class__program__policy", "training_class__base__organisation", "training_class__occupation"
    )


def cross_inspection_sessions(user: User, *, today: datetime.date | None = None, days: int = 7):
    """For county staff: the other counties' sessions they may check (cross inspection), of the last
    ``days`` days and today, in time order."""
    today = today or timezone.localdate()
    return (
        sessions_checkable_by(user)
        .exclude(pk__in=sessions_visible_to(user).values("pk"))
        .filter(day__gte=today - datetime.timedelta(days=days), day__lte=today)
        .order_by("day", "start", "id")
    )


def spot_checks_visible_to(user: User) -> QuerySet[SpotCheck]:
    """Checks of sessions in scope, and the checks the user's own bureau made (cross inspection)."""
    organisation = user.organisation if user.is_authenticated else None
    own = Q(inspector_org=organisation) if organisation else Q(pk__in=[])
    return SpotCheck.objects.filter(
        Q(session__in=sessions_visible_to(user).values("pk")) | own
    ).select_related("session__training_class__base", "inspector_org")


@dataclass(frozen=True)
class SpotCheckData:
    inspectors: str
    checked_at: datetime.datetime
    content_matches: bool
    teacher_matches: bool
    time_matches: bool
    place_matches: bool
    present: int
    expected: int
    problems: str = ""


def _checked(upload, kinds, max_bytes, what: str) -> str:
    try:
        return validate_upload(upload, kinds=kinds, max_bytes=max_bytes)
    except ValidationError as exc:
        raise SpotCheckError(f"{what}：" + "；".join(exc.messages)) from None


def spot_check_record(
    *, actor: User, session: Session, data: SpotCheckData, record_scan, photos: Sequence = ()
) -> SpotCheck:
    """Record a check; every file is checked by content before anything is kept, and nothing is kept
    when any part is refused."""
    if actor.role not in INSPECTORS:
        raise SpotCheckError("只有县区和市人社局工作人员可以登记现场抽查。")
    if data.checked_at > timezone.now():
        raise SpotCheckError("检查时间不能晚于现在。")
    if timezone.localtime(data.checked_at).date() != session.day:
        raise SpotCheckError(f"检查时间须在这次课的上课当天（{session.day:%Y年%m月%d日}）。")
    if data.present > data.expected:
        raise SpotCheckError("实到人数不能多于应到人数。")
    if not data.inspectors.strip():
        raise SpotCheckError("请填写检查人员。")
    if record_scan is None:
        raise SpotCheckError("请上传经检查人员、基地负责人签字的检查记录扫描件。")
    if len(photos) > PHOTOS_MAX:
        raise SpotCheckError(f"照片最多 {PHOTOS_MAX} 张。")
    kind = _checked(record_scan, IMAGE_OR_PDF, RECORD_MAX_BYTES, "检查记录")
    photo_kinds = [_checked(photo, IMAGE, PHOTO_MAX_BYTES, f"照片“{photo.name}”") for photo in photos]
    with transaction.atomic():
        check = SpotCheck(
            session=session,
            inspector=actor,
            inspector_org=actor.organisation,
            inspectors=data.inspectors.strip()[:100],
            checked_at=data.checked_at,
            content_matches=data.content_matches,
            teacher_matches=data.teacher_matches,
            time_matches=data.time_matches,
            place_matches=data.place_matches,
            present=data.present,
            expected=data.expected,
            problems=data.problems.strip(),
            record_name=os.path.basename(record_scan.name or "")[:200],
            record_sha256=file_digest(record_scan),
        )
        store_in_field(check.record_scan, f"{session.pk}-record.{EXTENSIONS[kind]}", record_scan)
        for photo, photo_kind in zip(photos, photo_kinds, strict=True):
            item = SpotCheckPhoto(
                spot_check=check, name=os.path.basename(photo.name or "")[:200], sha256=file_digest(photo)
            )
            store_in_field(item.image, f"{session.pk}-photo.{EXTENSIONS[photo_kind]}", photo)
        verdict = "一致" if check.all_match else "有不一致"
        audit_record(
            actor=actor,
            action="spotcheck.create",
            obj=session.training_class,
            organisation=session.training_class.base.organisation,
            note=f"{session}：与教学计划{verdict}，实到 {data.present}/{data.expected} 人",
        )
    return check


# --- coverage ---------------------------------------------------------------------------------------------


def classes_without_check(classes: QuerySet[TrainingClass]) -> QuerySet[TrainingClass]:
    checked = SpotCheck.objects.filter(session__training_class=OuterRef("pk"))
    return classes.filter(~Exists(checked)).select_related("program__policy", "base", "occupation")


@dataclass(frozen=True)
class CountyCoverage:
    program: Program
    county: Organisation
    kinds: int  # classes of different occupations checked by staff of another county
    required: int

    @property
    def short(self) -> bool:
        return self.kinds < self.required


def cross_inspection(user: User, programs: QuerySet[Program]) -> list[CountyCoverage]:
    """For each programme with a cross inspection, each county the user sees: how many kinds of class
    (occupations) staff of another county checked there (one grouped query per programme)."""
    counties = organisations_visible_to(user).filter(kind=Organisation.Kind.COUNTY)
    rows = []
    for program in programs.filter(policy__cross_inspection_min_classes__isnull=False).select_related(
        "policy"
    ):
        county_field = "session__training_class__base__organisation__county"
        counts: Mapping[int, int] = dict(
            SpotCheck.objects.filter(
                session__training_class__program=program, inspector_org__kind=Organisation.Kind.COUNTY
            )
            .exclude(inspector_org=F(county_field))
            .values(county_field)
            .annotate(kinds=Count("session__training_class__occupation", distinct=True))
            .values_list(county_field, "kinds")
        )
        required = program.policy.cross_inspection_min_classes
        for county in counties.filter(city=program.city_id).order_by("code"):
            rows.append(CountyCoverage(program, county, counts.get(county.pk, 0), required))
    return rows

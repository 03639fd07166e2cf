"""Writes of certificates: issuing what is due, revoking, publishing the list of those who passed.

Who issues is the programme's policy (``PolicyVersion.certificate_issuer``): the base (临沂) or the city
bureau (德州); where the policy sets ``certificate_list_first`` the city publishes the list of those who
passed first (德州 四(四)) and only the trainees on a published list get a certificate.

Numbering: the issuing city's sequence row of the programme's year is locked (``select_for_update``) before
anything else is read, so two batches at the same moment run one after the other; the second sees the
first one's certificates and numbers, and a batch that fails rolls its numbers back with it (no gap).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Organisation, User
from assessment.selectors import national_route_occupation_ids, passed_enrollments
from attendance.hours import trainee_hours
from attendance.models import ClassMember, TrainingClass
from core.audit import ACTIONS, audit_record
from core.errors import PortalError
from programs.models import PolicyVersion, Program
from trainees.models import Enrollment

from .models import Certificate, CertificateSequence, PassersList, PassersListEntry

Issuer = PolicyVersion.Issuer
SEQUENCE_DIGITS = 4
SEQUENCE_MAX = 10**SEQUENCE_DIGITS - 1

ACTIONS.update(
    {
        "certificate.issue": "颁发培训合格证书",
        "certificate.revoke": "撤销培训合格证书",
        "certificate.list_publish": "公布考评合格名单",
    }
)


class CertificateError(PortalError):
    """A certificate step that cannot be taken; the message is Chinese."""


@dataclass
class IssueReport:
    issued: list[Certificate] = field(default_factory=list)
    already_issued: list[Certificate] = field(default_factory=list)


def issuer_kind(program: Program) -> str:
    return program.policy.certificate_issuer if program.policy else Issuer.NONE


def list_first(program: Program) -> bool:
    return bool(program.policy and program.policy.certificate_list_first)


def _training_route(passed: QuerySet[Enrollment], program: Program) -> QuerySet[Enrollment]:
    """Without the national-certificate occupations where the policy says they get that one instead."""
    if program.policy and program.policy.certificate_national_excluded:
        national = national_route_occupation_ids(program)
        if national:
            passed = passed.exclude(occupation_id__in=national)
    return passed


def _check_issuer(program: Program) -> str:
    kind = issuer_kind(program)
    if kind not in (Issuer.BASE, Issuer.CITY):
        raise CertificateError(
            f"本项目的政策规定培训合格证书为“{Issuer(kind).label}”，不由本系统颁发培训合格证书。"
        )
    return kind


def may_issue(user: User | None, program: Program, base=None) -> bool:
    """Whether ``user`` is the organisation the policy names as issuer (None: the system, a command)."""
    kind = issuer_kind(program)
    if user is None:
        return kind in (Issuer.BASE, Issuer.CITY)
    if kind == Issuer.CITY:
        return user.organisation_id == program.city_id
    if kind == Issuer.BASE:
        return user.role == User.Role.BASE and (base is None or base.organisation_id == user.organisation_id)
    return False


def issuer_of(program: Program, base) -> Organisation:
    return program.city if issuer_kind(program) == Issuer.CITY else base.organisation


def completed_ids(program: Program, base=None) -> set[int]:
    """Enrolment ids of the programme (or one base) whose attended hours complete the requirement."""
    classes = TrainingClass.objects.filter(program=program).select_related("program__policy")
    if base is not None:
        classes = classes.filter(base=base)
    classes = list(classes)
    ids = ClassMember.objects.filter(training_class__in=classes).values_list("enrollment_id", flat=True)
    hours = trainee_hours(list(ids), classes=classes)
    return {pk for pk, h in hours.items() if h.complete}


def due_enrollments(program: Program, base=None) -> QuerySet[Enrollment]:
    """Who is due a training certificate and has none: passed (assessment.selectors), completed the
    hours (attendance.hours), on the training-certificate route (where the policy excludes the
    national-certificate occupations), on a published list where the policy asks for one."""
    passed = _training_route(passed_enrollments(program, base).filter(certificate__isnull=True), program)
    if list_first(program):
        passed = passed.filter(passers_entry__isnull=False)
    completed = completed_ids(program, base)
    return passed.filter(pk__in=completed)


def _sequence_locked(city: Organisation, year: int) -> CertificateSequence:
    # Create the row if missing without racing another batch (a conflict inserts nothing), then lock it.
    CertificateSequence.objects.bulk_create(
        [CertificateSequence(city=city, year=year)], ignore_conflicts=True
    )
    return CertificateSequence.objects.select_for_update().get(city=city, year=year)


def _class_dates(enrollment_ids) -> dict[int, tuple]:
    return {
        row["enrollment_id"]: (row["training_class__start"], row["training_class__end"])
        for row in ClassMember.objects.filter(enrollment_id__in=enrollment_ids).values(
            "enrollment_id", "training_class__start", "training_class__end"
        )
    }


def certificate_title(program: Program) -> str:
    """Like 临沂 附件2's "2023年度临沂市“金蓝领”培训合格证"."""
    return f"{program.year}年度{program.city.name}“金蓝领”培训合格证"


def issue_due(program: Program, base=None, user: User | None = None) -> IssueReport:
    """Issue a certificate to everyone due (of one base, or of the whole programme); idempotent: what was
    issued before is reported as already issued, with its status."""
    program = Program.objects.select_related("policy", "city").get(pk=program.pk)
    kind = _check_issuer(program)
    if not may_issue(user, program, base):
        raise CertificateError(
            "本项目的培训合格证书由"
            + ("市人社局" if kind == Issuer.CITY else "培训基地（本基地学员）")
            + "颁发。"
        )
    if kind == Issuer.BASE and user is not None and base is None:
        from bases.models import Base

        base = Base.objects.get(organisation=user.organisation)
    report = IssueReport()
    with transaction.atomic():
        sequence = _sequence_locked(program.city, program.year)
        existing = Certificate.objects.filter(program=program).order_by("number")
        if base is not None:
            existing = existing.filter(base=base)
        report.already_issued = list(existing)
        due = list(
            due_enrollments(program, base)
            .select_related("trainee", "occupation", "base__organisation")
            .order_by("base__organisation__code", "occupation__name", "trainee__id_number")
        )
        if not due:
            return report
        if sequence.last + len(due) > SEQUENCE_MAX:
            raise CertificateError(
                f"{program.city.name}{program.year}年度证书编号已用尽（最多 {SEQUENCE_MAX} 个），未颁发。"
            )
        dates = _class_dates([e.pk for e in due])
        today = timezone.localdate()
        title = certificate_title(program)
        certificates = []
        for offset, enrollment in enumerate(due, start=1):
            issuer = issuer_of(program, enrollment.base)
            start, end = dates.get(enrollment.pk, (program.training_start, program.training_end))
            certificates.append(
                Certificate(
                    number=f"{program.year}{sequence.last + offset:0{SEQUENCE_DIGITS}d}",
                    enrollment=enrollment,
                    program=program,
                    base=enrollment.base,
                    city=program.city,
                    issuer=issuer,
                    issued_on=today,
                    issued_by=user,
                    name=enrollment.entered_name,
                    sex=enrollment.trainee.get_sex_display(),
                    id_number=enrollment.trainee.id_number,
                    base_name=enrollment.base.organisation.name,
                    occupation_name=enrollment.occupation.name,
                    level=enrollment.level,
                    training_start=start,
                    training_end=end,
                    issuer_name=issuer.display_name,
                    program_name=program.name,
                    title=title,
                )
            )
        Certificate.objects.bulk_create(certificates)
        sequence.last += len(certificates)
        sequence.save(update_fields=["last"])
        first, last = certificates[0].number, certificates[-1].number
        audit_record(
            actor=user,
            action="certificate.issue",
            obj=program,
            organisation=base.organisation if base is not None else program.city,
            note=f"{len(certificates)} 份（{first}—{last}）",
        )
        report.issued = certificates
    return report


def may_revoke(user: User, certificate: Certificate) -> bool:
    return user.is_authenticated and user.organisation_id == certificate.issuer_id


@transaction.atomic
def certificate_revoke(*, actor: User | None, certificate: Certificate, reason: str) -> Certificate:
    """Revoke with a reason; the number stays used (a later certificate never takes it)."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("请填写撤销原因。")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if actor is not None and not may_revoke(actor, certificate):
        raise CertificateError(f"该证书由“{certificate.issuer_name}”颁发，只能由发证机构撤销。")
    if certificate.status == Certificate.Status.REVOKED:
        raise CertificateError(f"证书 {certificate.number} 已于 {certificate.revoked_on} 撤销。")
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_on = timezone.localdate()
    certificate.revoked_reason = reason[:200]
    certificate.revoked_by = actor
    certificate.save(update_fields=["status", "revoked_on", "revoked_reason", "revoked_by"])
    audit_record(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        organisation=certificate.base.organisation,
        from_state=Certificate.Status.VALID.label,
        to_state=Certificate.Status.REVOKED.label,
        note=f"{certificate.number}：{certificate.revoked_reason}",
    )
    return certificate


# --- the list of those who passed (德州) ------------------------------------------------------------------


def unlisted_passers(program: Program) -> QuerySet[Enrollment]:
    """Passed, completed, on the training-certificate route, not yet on a published list."""
    passed = _training_route(passed_enrollments(program).filter(passers_entry__isnull=True), program)
    return passed.filter(pk__in=completed_ids(program))


@transaction.atomic
def passers_list_publish(*, actor: User | None, program: Program) -> PassersList:
    """The city publishes everyone who passed and is not yet listed; refused when nobody is new."""
    if actor is not None and actor.organisation_id != program.city_id:
        raise CertificateError("考评合格名单由市人社局公布。")
    # One publication at a time per programme: lock the programme row.
    Program.objects.select_for_update().get(pk=program.pk)
    new = list(unlisted_passers(program).values_list("pk", flat=True))
    if not new:
        raise CertificateError("没有新的考评合格学员需要公布。")
    count = PassersList.objects.filter(program=program).count()
    title = f"{program.training_name}考评合格人员名单" + (f"（第{count + 1}批）" if count else "")
    passers = PassersList.objects.create(
        program=program, title=title, published_on=timezone.localdate(), published_by=actor
    )
    PassersListEntry.objects.bulk_create(
        PassersListEntry(passers_list=passers, enrollment_id=pk) for pk in new
    )
    audit_record(
        actor=actor,
        action="certificate.list_publish",
        obj=program,
        organisation=program.city,
        note=f"{title}：{len(new)} 人",
    )
    return passers


# --- the public verification's rate limit -------------------------------------------------------------


class VerifyLimitExceeded(PortalError):
    """Too many verification lookups from one client address."""


def verify_admit(address: str) -> None:
    """Count one lookup from ``address`` against settings.CERTIFICATE_VERIFY_LIMIT (count per window in
    seconds, in the shared cache); raise VerifyLimitExceeded past it."""
    from django.conf import settings
    from django.core.cache import cache

    limit, window = settings.CERTIFICATE_VERIFY_LIMIT
    key = f"certificate-verify:{address or 'unknown'}"
    cache.add(key, 0, timeout=window)  # the window starts with the first lookup
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    if count > limit:
        raise VerifyLimitExceeded(
            f"查询过于频繁：每 {max(window // 60, 1)} 分钟最多查询 {limit} 次，请稍后再试。"
        )

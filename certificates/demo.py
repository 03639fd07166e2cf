"""Demo certificates (seed_demo, after assessment): the 德州 2021 classes the assessment demo approved —
the city publishes the list of those who passed (德州 四(四) 发文公布), issues their "金蓝领" training
certificates through the real service, and revokes one (a trainee found to have attended another
subsidised course). Idempotent: once the programme has certificates nothing is done again."""

import datetime

from django.contrib.contenttypes.models import ContentType

from accounts.models import User
from attendance.demo import PROGRAM
from core.models import AuditEntry
from programs.demo import at
from programs.models import Program

from .models import Certificate, PassersList
from .services import certificate_revoke, issue_due, list_first, passers_list_publish, unlisted_passers

CITY_USER = "dezhou"
REVOKE_REASON = "经核查，该学员同期参加了其他补贴性培训，撤销证书。"
# In the programme's year: 四(三) appraisal in late November, then the list and the certificates.
PUBLISHED_ON = datetime.date(2021, 12, 10)
ISSUED_ON = datetime.date(2021, 12, 20)
REVOKED_ON = datetime.date(2022, 1, 14)


def seed() -> None:
    program = Program.objects.select_related("policy", "city").filter(code=PROGRAM).first()
    if program is None or Certificate.objects.filter(program=program).exists():
        return
    city = User.objects.get(username=CITY_USER)
    if list_first(program) and not PassersList.objects.filter(program=program).exists():
        if not unlisted_passers(program).exists():
            return
        passers_list_publish(actor=city, program=program)
    report = issue_due(program, None, city)
    if report.issued:
        revoked = certificate_revoke(actor=city, certificate=report.issued[-1], reason=REVOKE_REASON)
        Certificate.objects.filter(pk=revoked.pk).update(revoked_on=REVOKED_ON)
        _backdate(program, revoked)


def _backdate(program: Program, revoked: Certificate) -> None:
    """The list, the certificates and their audit entries dated in the programme's year."""
    PassersList.objects.filter(program=program).update(published_on=PUBLISHED_ON)
    Certificate.objects.filter(program=program).update(issued_on=ISSUED_ON)
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Program), object_id=str(program.pk)
    )
    entries.filter(action="certificate.list_publish").update(created_at=at(PUBLISHED_ON, 10))
    entries.filter(action="certificate.issue").update(created_at=at(ISSUED_ON, 10))
    AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Certificate), object_id=str(revoked.pk)
    ).update(created_at=at(REVOKED_ON, 15))

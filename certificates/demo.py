"""Demo certificates (seed_demo, after assessment): the 德州 2021 classes the assessment demo approved —
the city publishes the list of those who passed (德州 四(四) 发文公布), issues their "金蓝领" training
certificates through the real service, and revokes one (a trainee found to have attended another
subsidised course). Idempotent: once the programme has certificates nothing is done again."""

from accounts.models import User
from attendance.demo import PROGRAM
from programs.models import Program

from .models import Certificate, PassersList
from .services import certificate_revoke, issue_due, list_first, passers_list_publish, unlisted_passers

CITY_USER = "dezhou"
REVOKE_REASON = "经核查，该学员同期参加了其他补贴性培训，撤销证书。"


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
        certificate_revoke(actor=city, certificate=report.issued[-1], reason=REVOKE_REASON)

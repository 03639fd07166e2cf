"""The roster filing's workflow (花名册备案), declared once.

The base files its roster with its county, which acknowledges it or returns it. Where the programme's
policy says so (``roster_city_recheck``, 潍坊 "县市区人社局审查并盖章后，提报市人社局复核备案"), the
city re-checks the county-acknowledged roster and may return it too.
"""

from django.utils import timezone

from accounts.models import User
from core.errors import PortalError
from core.workflow import Opinion, Step, Workflow

from .models import Enrollment, RosterFiling

Status = RosterFiling.Status
Role = User.Role


class FilingError(PortalError):
    """A filing step that cannot be taken; the message is Chinese."""


def city_rechecks(filing: RosterFiling) -> bool:
    return filing.program.policy.roster_city_recheck


def awaiting(filing: RosterFiling, role: str) -> tuple[str, ...]:
    """The state in which the roster waits for this reviewer."""
    if role == Role.COUNTY:
        return (Status.FILED,)
    if role == Role.CITY:
        return (Status.ACKNOWLEDGED,) if city_rechecks(filing) else ()
    return ()


def active_count(filing: RosterFiling) -> int:
    return Enrollment.objects.filter(
        base=filing.base_id, program=filing.program_id, status=Enrollment.Status.ACTIVE
    ).count()


def _has_trainees(filing: RosterFiling, **_) -> None:
    if active_count(filing) == 0:
        raise FilingError("花名册中还没有学员，不能报备。")


def _filed(filing: RosterFiling, *, actor, **_) -> None:
    filing.filed_by, filing.filed_at, filing.enrollment_count = actor, timezone.now(), active_count(filing)
    filing.changes_since_filing = 0


def _reviewed(filing: RosterFiling, *, actor, opinion: str, **_) -> None:
    filing.reviewed_by, filing.reviewed_at, filing.review_note = actor, timezone.now(), opinion


# fmt: off
FILING_WORKFLOW = Workflow(
    model=RosterFiling,
    noun="该花名册",
    error=FilingError,
    organisation=lambda filing: filing.base.organisation,
    locking=lambda: RosterFiling.objects.select_related("base__organisation", "program__policy"),
    steps=[
        Step(
            "refile", "重新报备", (Role.BASE,), (Status.RETURNED,), Status.FILED,
            action="roster.file", done="已重新报备花名册，等待确认。",
            confirm="报备后如再增减学员或材料，将计入备案变更次数并记录。确定重新报备吗？",
            check=_has_trainees, effects=_filed,
        ),
        Step(
            "acknowledge", "确认备案", (Role.COUNTY,), awaiting, Status.ACKNOWLEDGED,
            action="roster.acknowledge", done="已确认备案。", seal=True,
            opinion=Opinion("县区意见", required=False),
            confirm="确认对该花名册予以备案吗？", effects=_reviewed,
        ),
        Step(
            "recheck", "复核备案", (Role.CITY,), awaiting, Status.CITY_CHECKED,
            action="roster.recheck", done="已复核备案。", enabled=city_rechecks,
            opinion=Opinion("复核意见", required=False),
            confirm="确定复核通过该花名册备案吗？", effects=_reviewed,
        ),
        Step(
            "return", "退回", (Role.COUNTY, Role.CITY), awaiting, Status.RETURNED,
            action="roster.return", done="已退回基地。", style="danger",
            opinion=Opinion("退回理由"),
            confirm="确定将该花名册退回基地吗？", effects=_reviewed,
        ),
    ],
)
# fmt: on

"""Demo bases and plans (SPEC issue 4): the five 德州 bases with the 附件1 plan table, filed with the
city and confirmed (德州's policy has no county stamp and no public notice); the seven 潍坊 bases with
their 800 places; one base with a draft plan in each of 临沂, 威海 and 泰安, and a second 临沂 base
whose plan went through the county stamp, the city's approval and the public notice; and a county reviewer for
every county involved. Everything goes through the services, so the audit log shows the whole chain.
Idempotent: what exists is left alone.

Each record then gets the dates of its programme's year (``_backdate_plan``, ``_backdate_publication``): a
plan is made a few days after the notice and reviewed within a week; the public notice follows."""

import datetime
import json
from pathlib import Path

from accounts.demo import DEMO_PASSWORD
from accounts.models import Organisation, User
from accounts.services import user_ensure
from programs.choices import Level
from programs.demo import at, backdate_audit, backdate_program, notice_day
from programs.models import Occupation, Program
from programs.services import program_set_status

from . import services
from .models import Base, PlanApplication, Publication

DATA = Path(__file__).resolve().parent / "data"
QUALIFIED = {"qualified_from": datetime.date(2019, 1, 1), "qualified_to": datetime.date(2030, 12, 31)}
# Named demo logins besides the bureau users of accounts.demo (README lists them).
BASE_USERS = ("base-lanshan-1", "base-lanshan-2", "base-dezhou-1", "base-weihai-1", "base-taian-1")
COUNTY_REVIEWERS = {"weihai-huancui": "371002", "taian-taishan": "370902"}


def seed() -> None:
    _seed_dezhou()
    _seed_weifang()
    _seed_draft(
        program="linyi-2023",
        base_code="DEMO-371302-01",
        base_name="临沂市技师学院（演示）",
        county_code="371302",
        base_user="base-lanshan-1",
        lines=[("焊工", Level.TECHNICIAN, 30), ("电工", Level.TECHNICIAN, 30)],
    )
    # A second base in the same county, to show that bases cannot see each other.
    neighbour = _seed_base(
        "DEMO-371302-02",
        "临沂重型机械集团有限公司（演示）",
        "371302",
        "enterprise",
        [("钳工", Level.TECHNICIAN)],
    )
    user_ensure(
        username="base-lanshan-2",
        organisation=neighbour.organisation,
        full_name="临沂机械集团经办员",
        password=DEMO_PASSWORD,
    )
    # 临沂's whole chain: the neighbour's plan stamped by the county, approved by the city, publicly
    # noticed for five working days and confirmed (the only demo programme whose policy has the notice).
    linyi = _open("linyi-2023")
    plan = _plan_through_review(linyi, neighbour, [("钳工", Level.TECHNICIAN, 20)])
    _publish_and_confirm(linyi, [plan], datetime.date(2023, 5, 4), datetime.date(2023, 5, 10))
    _seed_draft(
        program="weihai-2019",
        base_code="DEMO-371002-01",
        base_name="威海市技师学院（演示）",
        county_code="371002",
        base_user="base-weihai-1",
        lines=[("数控车工", Level.SENIOR_WORKER, 25), ("电工", Level.TECHNICIAN, 20)],
    )
    _seed_draft(
        program="taian-2021",
        base_code="DEMO-370902-01",
        base_name="泰安市技师学院（演示）",
        county_code="370902",
        base_user="base-taian-1",
        lines=[("养老护理员", Level.INTERMEDIATE_WORKER, 40)],
    )
    for username, county_code in COUNTY_REVIEWERS.items():
        county = Organisation.objects.get(code=county_code)
        user_ensure(
            username=username,
            organisation=county,
            full_name=f"{county.name}人社局审核员",
            password=DEMO_PASSWORD,
        )


def _seed_dezhou() -> None:
    data = json.loads((DATA / "dezhou_2021_plan.json").read_text(encoding="utf-8"))
    program = _open(data["program"])
    plans = []
    for number, base_data in enumerate(data["bases"], start=1):
        lines = [(line["occupation"], line["level"], line["count"]) for line in base_data["lines"]]
        base = _seed_base(
            f"371400-B{number:02d}",
            base_data["name"],
            _county("德州市", base_data["county"]).code,
            base_data["type"],
            sorted({(name, level) for name, level, _ in lines}),
        )
        plans.append(_plan_through_review(program, base, lines))
    user_ensure(
        username="base-dezhou-1",
        organisation=Organisation.objects.get(code="371400-B01"),
        full_name="德州职业技术学院经办员",
        password=DEMO_PASSWORD,
    )
    _publish_and_confirm(program, plans, datetime.date(2021, 6, 10), datetime.date(2021, 6, 16))


def _seed_weifang() -> None:
    """潍坊 附件1 gives one number per base and names no trade: each plan is one line for the whole base
    (the programme counts places per base), and the bases are registered without invented trades."""
    data = json.loads((DATA / "weifang_2020_bases.json").read_text(encoding="utf-8"))
    program = _open(data["program"])
    plans = []
    for base_data in data["bases"]:
        base = _seed_base(
            f"370700-B{base_data['seq']:02d}",
            base_data["name"],
            _county("潍坊市", base_data["county"]).code,
            base_data["type"],
            [],
        )
        plans.append(_plan_through_review(program, base, [(None, None, base_data["count"])]))
    # After the notice of 2020-08-31 and the plans' review a week later (see _backdate_plan).
    _publish_and_confirm(program, plans, datetime.date(2020, 9, 9), datetime.date(2020, 9, 15))


def _seed_draft(*, program, base_code, base_name, county_code, base_user, lines) -> None:
    program = _open(program)
    base = _seed_base(base_code, base_name, county_code, "technical_school", [(n, lv) for n, lv, _ in lines])
    if base_user:
        user_ensure(
            username=base_user,
            organisation=base.organisation,
            full_name=f"{base_name}经办员",
            password=DEMO_PASSWORD,
        )
    plan = PlanApplication.objects.filter(program=program, base=base).first()
    if plan is None:
        staff = _staff(base.organisation)
        plan = services.plan_create(actor=staff, base=base, program=program)
        services.plan_lines_save(actor=staff, plan=plan, lines=_line_data(program, lines))
    _backdate_plan(plan)


def _seed_base(code: str, name: str, county_code: str, kind: str, qualifications) -> Base:
    base = Base.objects.filter(organisation__code=code).first()
    if base:
        return base
    city_clerk = _city_clerk(Organisation.objects.get(code=county_code).city)
    base = services.base_register(
        actor=city_clerk,
        county=Organisation.objects.get(code=county_code),
        code=code,
        name=name,
        profile={"kind": kind, **QUALIFIED},
        qualifications=[(_occupation(occupation), level) for occupation, level in qualifications],
    )
    backdate_audit(base, at(QUALIFIED["qualified_from"], 9))  # registered when it was qualified
    return base


def _plan_through_review(program: Program, base: Base, lines) -> PlanApplication:
    """Draft → submitted → (county stamped, when the policy has the county review) → city approved
    (confirmed at once when the policy has no public notice), by the right people."""
    plan = PlanApplication.objects.filter(program=program, base=base).first()
    if plan:
        return plan
    staff = _staff(base.organisation)
    plan = services.plan_create(actor=staff, base=base, program=program)
    services.plan_lines_save(actor=staff, plan=plan, lines=_line_data(program, lines))
    services.plan_submit(actor=staff, plan=plan, opinion="经审核，学员情况属实，同意申报。")
    if program.policy.plan_county_review:
        reviewer = _county_reviewer(base.organisation.county)
        services.plan_stamp(actor=reviewer, plan=plan, opinion="经审核，同意上报。")
    plan = services.plan_approve(actor=_city_clerk(program.city), plan=plan, opinion="同意。")
    _backdate_plan(plan)
    return plan


def _plan_times(plan: PlanApplication) -> dict[str, datetime.datetime]:
    """Created two days after the notice, stamped by the base the next day, by the county two days
    later, decided by the city on the seventh day."""
    day = notice_day(plan.program)
    return {
        "plan.create": at(day + datetime.timedelta(days=2), 9, 30),
        "plan.submit": at(day + datetime.timedelta(days=3), 10),
        "plan.stamp": at(day + datetime.timedelta(days=5), 15),
        "plan.approve": at(day + datetime.timedelta(days=7), 11),
    }


def _backdate_plan(plan: PlanApplication, later: dict[str, datetime.datetime] | None = None) -> None:
    """The plan's timestamps and its audit entries (``later``: publish and confirm times) in its year."""
    times = _plan_times(plan)
    fields = {
        "base_stamped_at": "plan.submit",
        "county_stamped_at": "plan.stamp",
        "city_decided_at": "plan.approve",
    }
    PlanApplication.objects.filter(pk=plan.pk).update(
        created_at=times["plan.create"],
        updated_at=times["plan.create"],
        **{name: times[action] for name, action in fields.items() if getattr(plan, name)},
    )
    backdate_audit(plan, times["plan.create"], actions={**times, **(later or {})})


def _publish_and_confirm(program, plans, starts_on, ends_on) -> None:
    waiting = [p for p in plans if p.status == PlanApplication.Status.CITY_APPROVED]
    if waiting:
        clerk = _city_clerk(program.city)
        publication = services.notice_publish(
            actor=clerk,
            program=program,
            plans=waiting,
            title=Publication.default_title(program),
            starts_on=starts_on,
            ends_on=ends_on,
        )
        services.notice_close(actor=clerk, publication=publication)
    for publication in Publication.objects.filter(program=program):
        _backdate_publication(publication)


def _backdate_publication(publication: Publication) -> None:
    """Published on its first day, closed the day after it ended; so are its plans' steps."""
    published = at(publication.starts_on, 9)
    closed = at(publication.ends_on + datetime.timedelta(days=1), 10)
    Publication.objects.filter(pk=publication.pk).update(
        published_at=published, closed_at=closed if publication.closed_at else None
    )
    backdate_audit(publication, published)
    for plan in PlanApplication.objects.filter(publication=publication).select_related("program"):
        _backdate_plan(plan, {"plan.publish": published, "plan.confirm": closed})


def _line_data(program: Program, lines) -> list[services.LineData]:
    """(occupation name, level, count) triples; a None name and level stand for the whole base."""
    return [
        services.LineData(
            _occupation(name) if name else None,
            int(level) if level else None,
            count,
            program.training_start,
            program.training_end,
        )
        for name, level, count in lines
    ]


def _open(code: str) -> Program:
    program = Program.objects.get(code=code)
    if program.status == Program.Status.DRAFT:
        program = program_set_status(
            actor=_city_clerk(program.city), program=program, status=Program.Status.OPEN
        )
    backdate_program(program)  # the opening step of the audit log too
    return program


def _county(city_name: str, county_name: str) -> Organisation:
    return Organisation.objects.get(kind=Organisation.Kind.COUNTY, city__name=city_name, name=county_name)


def _occupation(name: str) -> Occupation:
    return Occupation.objects.get(name=name)


def _city_clerk(city: Organisation) -> User:
    existing = city.users.order_by("pk").first()
    return existing or user_ensure(
        username=f"city-{city.code}",
        organisation=city,
        full_name=f"{city.name}人社局经办员",
        password=DEMO_PASSWORD,
    )


def _county_reviewer(county: Organisation) -> User:
    existing = county.users.order_by("pk").first()
    return existing or user_ensure(
        username=f"county-{county.code}",
        organisation=county,
        full_name=f"{county.name}人社局审核员",
        password=DEMO_PASSWORD,
    )


def _staff(organisation: Organisation) -> User:
    existing = organisation.users.order_by("pk").first()
    return existing or user_ensure(
        username=f"staff-{organisation.code}",
        organisation=organisation,
        full_name=f"{organisation.name}经办员",
        password=DEMO_PASSWORD,
    )

"""The permission matrix: every URL pattern of the project, requested by every persona.

Each URL declares what each persona gets: anonymous users are sent to the login page (or see a public
page), a role that may not use the page gets 403, a user who may use the page but asks for another
organisation's object gets 404. A URL that is not declared here (or in a case module listed in
CASE_MODULES) fails the run, so a new page cannot ship without its permissions being stated and proven.
"""

import datetime

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import bases.tasks  # noqa: F401  (declares the kinds of the bases' jobs)
import trainees.tasks  # noqa: F401
from accounts.models import User
from bases.models import Objection, Publication
from bases.workflows import PLAN_WORKFLOW
from core.jobs import job_kind
from core.models import AuditEntry, Job
from tests.assessment import url_cases as assessment_url_cases
from tests.attendance import url_cases as attendance_url_cases
from tests.bases.factories import make_base, make_plan, open_program
from tests.certificates import url_cases as certificates_url_cases
from tests.permissions import (
    ALL_ROLES,
    JOB_CASES,
    JOB_URLS,
    LOGIN,
    OUTSIDE_CITY,
    OUTSIDE_COUNTY,
    PERSONAS,
    REVIEWERS,
    Case,
    expect,
    plan_step,
)
from tests.statistics import url_cases as statistics_url_cases
from tests.trainees import import_url_cases, url_cases

NOT_REQUESTER = tuple(persona for persona in PERSONAS if persona not in ("anonymous", "city"))

# Modules that declare the URLs of an area: each has CASES (name → Case) and add_objects(world, objects).
CASE_MODULES = [
    url_cases,
    import_url_cases,
    attendance_url_cases,
    assessment_url_cases,
    statistics_url_cases,
    certificates_url_cases,
]

MATRIX: dict[str, Case] = {
    "home": Case(expect()),
    "healthz": Case(expect(anonymous=200)),
    "accounts:login": Case(expect(ok=302, anonymous=200)),
    "accounts:logout": Case(expect(ok=302, anonymous=302), method="post"),
    "accounts:password_change": Case(expect()),
    "accounts:password_change_done": Case(expect()),
    "core:audit_list": Case(expect(roles={"province", "city"})),
    # A handful of entries: the file itself, at once.
    "core:audit_export": Case(expect(ok=200, roles={"province", "city"}), method="post"),
    "core:job_list": Case(expect()),
    # The job is city A's audit export, requested by the city clerk: nobody else sees it (JOB_CASES below
    # cover colleagues, superiors and kinds that are shared).
    "core:job_detail": Case(expect(hidden=NOT_REQUESTER), kwargs=lambda o: {"pk": o["job"].pk}),
    "core:job_status": Case(expect(hidden=NOT_REQUESTER), kwargs=lambda o: {"pk": o["job"].pk}),
    "core:job_download": Case(expect(hidden=NOT_REQUESTER), kwargs=lambda o: {"pk": o["job"].pk}),
    "core:job_retry": Case(
        expect(ok=302, hidden=NOT_REQUESTER), method="post", kwargs=lambda o: {"pk": o["job"].pk}
    ),
    "programs:program_list": Case(expect()),
    "programs:program_create": Case(expect(roles={"city"})),
    "programs:eligibility_check": Case(expect()),
    "programs:eligibility_evaluate": Case(expect(), method="post"),
    "programs:program_detail": Case(
        expect(hidden=OUTSIDE_CITY), kwargs=lambda o: {"code": o["program"].code}
    ),
    "programs:program_update": Case(
        expect(roles={"city"}, hidden=OUTSIDE_CITY), kwargs=lambda o: {"code": o["program"].code}
    ),
    "programs:policy_update": Case(
        expect(roles={"city"}, hidden=OUTSIDE_CITY), kwargs=lambda o: {"code": o["program"].code}
    ),
    "programs:program_copy": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"code": o["program"].code},
    ),
    "programs:program_status": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"code": o["program"].code},
    ),
    "core:seal": Case(expect(roles={"city", "county", "base"})),
    "core:seal_image": Case(expect(roles={"city", "county", "base"})),
    "bases:base_list": Case(expect(roles=REVIEWERS)),
    "bases:base_create": Case(expect(roles={"city"})),
    "bases:base_detail": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["base"].pk}),
    "bases:base_update": Case(
        expect(roles={"city"}, hidden=OUTSIDE_CITY), kwargs=lambda o: {"pk": o["base"].pk}
    ),
    "bases:base_status": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"pk": o["base"].pk},
    ),
    "bases:sanction_create": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"pk": o["base"].pk},
    ),
    "bases:plan_list": Case(expect()),
    "bases:plan_create": Case(expect(ok=302, roles={"base"}), method="post"),
    "bases:plan_detail": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:plan_edit": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["plan"].pk}
    ),
    "bases:plan_pdf": Case(plan_step(ALL_ROLES), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:objection_resolve": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"pk": o["objection"].pk},
    ),
    "bases:publication_list": Case(expect(roles={"province", "city"})),
    "bases:publication_close": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"pk": o["publication"].pk},
    ),
    "bases:publication_create": Case(
        expect(roles={"city"}, hidden=OUTSIDE_CITY), kwargs=lambda o: {"code": o["program"].code}
    ),
    "bases:plan_table_export": Case(
        expect(ok=302, roles={"province", "city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"code": o["program"].code},
    ),
    "public:notice_list": Case(expect(anonymous=200)),
    "public:notice_detail": Case(expect(anonymous=200), kwargs=lambda o: {"pk": o["publication"].pk}),
    "public:notice_pdf": Case(expect(anonymous=200), kwargs=lambda o: {"pk": o["publication"].pk}),
    # Django's admin is for superusers only; portal users are sent to its own login page.
    "admin:index": Case(expect(ok=302, anonymous=302)),
}

# Every step URL of the plan's workflow: the roles come from the step table itself, so a new step is
# declared (and proven) by its line in bases/workflows.py.
MATRIX.update(
    {
        f"bases:plan_{step.name}": Case(
            plan_step(set(step.roles)), method="post", kwargs=lambda o: {"pk": o["plan"].pk}
        )
        for step in PLAN_WORKFLOW.steps
        if step.on_detail_page and step.page is None
    }
)

# Django's admin registers one URL per model and action; it guards them all with the same staff check,
# which admin:index proves above.
EXEMPT_NAMESPACES = {"admin"}


for _module in CASE_MODULES:
    MATRIX.update(_module.CASES)


@pytest.fixture
def objects(world) -> dict:
    job = Job.objects.create(
        kind="audit_export", title="导出操作日志", requested_by=world.users["city"], organisation=world.city
    )
    job.result.save("log.xlsx", ContentFile(b"PK-test"), save=True)
    program = open_program(world)
    base = make_base(world)
    make_base(world, world.base_same_county)
    make_base(world, world.base_other)
    plan = make_plan(world, program=program, base=base, status="submitted")
    objection = Objection.objects.create(plan=plan, received_on=datetime.date(2026, 6, 1), content="异议")
    publication = Publication.objects.create(
        program=program, title="公示", starts_on=datetime.date(2026, 5, 1), ends_on=datetime.date(2026, 5, 7)
    )
    found = {
        "job": job,
        "program": program,
        "base": base,
        "plan": plan,
        "objection": objection,
        "publication": publication,
    }
    for module in CASE_MODULES:
        module.add_objects(world, found)
    return found


def _declared_names(patterns, namespace: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            yield from _declared_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def test_every_url_pattern_is_declared_in_the_matrix():
    names = set(_declared_names(get_resolver().url_patterns))
    undeclared = sorted(names - set(MATRIX))
    assert not undeclared, f"URL patterns without a permission declaration: {undeclared}"
    stale = sorted(set(MATRIX) - names - {"admin:index"})
    assert not stale, f"Declared URLs that no longer exist: {stale}"


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_url_answers_each_persona_as_declared(name, persona, world, objects, client):
    case = MATRIX[name]
    if persona != "anonymous":
        client.force_login(world.users[persona])
    url = reverse(name, kwargs=case.kwargs(objects))
    response = getattr(client, case.method)(url, case.data)
    expected = case.expected[persona]
    if expected == LOGIN:
        assert response.status_code == 302, f"{name} as {persona}: {response.status_code}"
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == expected, f"{name} as {persona}: {response.status_code}"


@pytest.mark.parametrize("name", sorted(n for n, c in MATRIX.items() if c.method == "post"))
def test_state_changing_urls_refuse_get(name, world, objects, client):
    client.force_login(world.users["province"])
    url = reverse(name, kwargs=MATRIX[name].kwargs(objects))
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("url_name", JOB_URLS)
@pytest.mark.parametrize("case", JOB_CASES, ids=lambda case: case.label)
def test_a_job_is_seen_by_whom_its_kind_allows(url_name, case, world, client):
    """A job of base A1-a: its requester, a colleague at the same base, and the superior organisations."""
    requester = world.users["base"]
    colleague = User.objects.create_user(username="u-base-colleague", organisation=world.base)
    viewers = {"requester": requester, "colleague": colleague, **world.users}
    job = Job.objects.create(
        kind=case.kind,
        title=case.kind,
        requested_by=requester,
        organisation=world.base,
        shared_in_scope=job_kind(case.kind).shared_in_scope,
        result_name="file.xlsx",
        result_summary={"rows": 3, "full_columns": ["身份证号码"]},
    )
    job.result.save("file.xlsx", ContentFile(b"PK-test"), save=True)
    client.force_login(viewers[case.viewer])
    response = client.get(reverse(url_name, args=[job.pk]))
    assert response.status_code == case.status, f"{url_name} {case.label}: {response.status_code}"
    downloads = AuditEntry.objects.filter(action="job.download", object_id=str(job.pk))
    if url_name == "core:job_download" and case.status == 200:
        assert downloads.get().note == f"file.xlsx（任务类型 {case.kind}），共 3 行，完整显示：身份证号码"
    else:
        assert not downloads.exists()

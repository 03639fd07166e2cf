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

from bases.models import Objection, Publication
from core.models import Job
from tests.bases.factories import make_base, make_plan, open_program
from tests.permissions import (
    ALL_ROLES,
    CITY_OBJECT_HIDDEN_BELOW,
    LOGIN,
    OUTSIDE_CITY,
    OUTSIDE_COUNTY,
    PERSONAS,
    REVIEWERS,
    Case,
    expect,
    plan_step,
)
from tests.trainees import import_url_cases, url_cases

# Modules that declare the URLs of an area: each has CASES (name → Case) and add_objects(world, objects).
CASE_MODULES = [url_cases, import_url_cases]

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
    "core:job_detail": Case(expect(hidden=CITY_OBJECT_HIDDEN_BELOW), kwargs=lambda o: {"pk": o["job"].pk}),
    "core:job_status": Case(expect(hidden=CITY_OBJECT_HIDDEN_BELOW), kwargs=lambda o: {"pk": o["job"].pk}),
    "core:job_download": Case(expect(hidden=CITY_OBJECT_HIDDEN_BELOW), kwargs=lambda o: {"pk": o["job"].pk}),
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
    "bases:plan_submit": Case(plan_step({"base"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:plan_withdraw": Case(plan_step({"base"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:plan_stamp": Case(plan_step({"county"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:plan_return": Case(
        plan_step({"county", "city"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}
    ),
    "bases:plan_approve": Case(plan_step({"city"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:plan_reject": Case(plan_step({"city"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:plan_pdf": Case(plan_step(ALL_ROLES), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
    "bases:objection_create": Case(plan_step({"city"}), method="post", kwargs=lambda o: {"pk": o["plan"].pk}),
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
    # Django's admin is for superusers only; portal users are sent to its own login page.
    "admin:index": Case(expect(ok=302, anonymous=302)),
}

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

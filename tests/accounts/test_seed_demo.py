import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Organisation, User
from bases.demo import BASE_USERS, COUNTY_REVIEWERS
from bases.models import PlanApplication, Publication
from core.models import AuditEntry
from programs.models import Program
from programs.presets import PRESETS

EVERY_DEMO_LOGIN = sorted([*DEMO_USERS, *BASE_USERS, *COUNTY_REVIEWERS])


@pytest.fixture
def seeded(db):
    call_command("seed_demo")


def test_it_loads_the_sixteen_cities_and_the_counties_of_the_five_notices(seeded):
    cities = Organisation.objects.filter(kind=Organisation.Kind.CITY)
    assert cities.count() == 16
    for city, expected in {
        "临沂市": "兰山区",
        "威海市": "荣成市",
        "德州市": "乐陵市",
        "潍坊市": "寿光市",
        "泰安市": "肥城市",
    }.items():
        assert Organisation.objects.filter(kind="county", parent__name=city, name=expected).exists()


def test_it_is_idempotent(seeded):
    before = (Organisation.objects.count(), User.objects.count())
    call_command("seed_demo")
    assert (Organisation.objects.count(), User.objects.count()) == before


def test_two_demo_bases_share_one_county(seeded):
    bases = User.objects.filter(username__in=["base-lanshan-1", "base-lanshan-2"])
    assert {u.organisation.county.name for u in bases} == {"兰山区"}
    assert len({u.organisation_id for u in bases}) == 2


@pytest.mark.parametrize("username", EVERY_DEMO_LOGIN)
def test_every_demo_user_logs_in_and_sees_their_own_home(username, seeded, client):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
    )
    user = User.objects.get(username=username)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert user.organisation.display_name in response.content.decode()


@override_settings(ALLOW_DEMO_DATA=False)
def test_it_refuses_to_run_where_demo_data_is_not_allowed(db):
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def _local(moment):
    return timezone.localtime(moment)


def test_demo_programmes_and_plans_carry_the_dates_of_their_year(seeded):
    for program in Program.objects.filter(code__in=PRESETS):
        notice = program.reference_date
        assert _local(program.created_at).date() == notice, program.code
        for plan in PlanApplication.objects.filter(program=program):
            steps = [plan.created_at, plan.base_stamped_at, plan.county_stamped_at, plan.city_decided_at]
            steps = [_local(s) for s in steps if s]
            assert steps == sorted(steps), plan
            assert all(s.year == program.year and s.date() >= notice for s in steps), (plan, steps)


def test_demo_notices_run_after_their_programmes_notice_and_say_so_on_the_public_page(seeded, client):
    publications = Publication.objects.select_related("program")
    # Only 临沂's chain has a public notice of plans (德州 files with the city, 潍坊 has none).
    assert {p.program.code for p in publications} == {"linyi-2023"}
    for publication in publications:
        program = publication.program
        assert publication.starts_on > program.reference_date, program.code
        assert _local(publication.published_at).date() == publication.starts_on
        assert _local(publication.closed_at).date() > publication.ends_on
        for plan in publication.plans.all():
            assert _local(plan.city_decided_at) < _local(publication.published_at)
        body = client.get(reverse("public:notice_detail", args=[publication.pk])).content.decode()
        published = publication.starts_on
        assert f"发布日期：{published.year}年{published.month}月{published.day}日" in body
        assert "2026年" not in body


def test_the_demo_audit_log_tells_each_programmes_story_in_its_own_year(seeded):
    kinds = ContentType.objects.get_for_models(Program, PlanApplication, Publication)
    entries = AuditEntry.objects.filter(content_type__in=kinds.values())
    assert entries.exists()
    plans = {str(p.pk): p.program for p in PlanApplication.objects.select_related("program")}
    programs = {str(p.pk): p for p in Program.objects.all()}
    publications = {str(p.pk): p.program for p in Publication.objects.select_related("program")}
    owners = {
        kinds[Program].pk: programs,
        kinds[PlanApplication].pk: plans,
        kinds[Publication].pk: publications,
    }
    for entry in entries:
        program = owners[entry.content_type_id][entry.object_id]
        assert _local(entry.created_at).year == program.year, (entry.action, entry.object_repr)

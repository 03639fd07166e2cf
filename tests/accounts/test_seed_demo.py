import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import Organisation, User
from bases.demo import BASE_USERS, COUNTY_REVIEWERS

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

import pytest
from django.urls import reverse

from tests.pages import tiles


def test_the_province_home_counts_the_whole_tree(world, login):
    counts = tiles(login(world.users["province"]).get(reverse("home")))
    assert counts["地市"] == 2 and counts["县区"] == 3 and counts["培训基地"] == 3
    assert counts["本级及下属用户"] == 9


def test_a_city_home_counts_only_its_own_city(world, login):
    counts = tiles(login(world.users["city"]).get(reverse("home")))
    assert counts["县区"] == 2 and counts["培训基地"] == 2
    assert counts["本级及下属用户"] == 5  # city, two counties, two bases


def test_a_county_home_counts_only_its_bases(world, login):
    counts = tiles(login(world.users["county"]).get(reverse("home")))
    assert counts["辖区培训基地"] == 2


@pytest.mark.parametrize("persona", ["province", "city", "county", "base"])
def test_the_home_page_costs_a_fixed_number_of_queries(persona, world, login, django_assert_max_num_queries):
    client = login(world.users[persona])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("home")).status_code == 200

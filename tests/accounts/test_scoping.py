from accounts.scoping import organisations_visible_to


def names(qs):
    return sorted(o.code for o in qs)


def test_province_sees_the_whole_tree(world):
    assert len(organisations_visible_to(world.users["province"])) == 9


def test_city_sees_itself_and_everything_under_it_only(world):
    assert names(organisations_visible_to(world.users["city"])) == [
        "371300",
        "371302",
        "371311",
        "T-BASE-A",
        "T-BASE-B",
    ]


def test_county_sees_itself_and_its_bases_only(world):
    assert names(organisations_visible_to(world.users["county"])) == ["371302", "T-BASE-A", "T-BASE-B"]


def test_base_staff_see_only_their_own_base(world):
    assert names(organisations_visible_to(world.users["base"])) == ["T-BASE-A"]


def test_a_base_knows_its_county_and_city(world):
    assert world.base.county == world.county
    assert world.base.city == world.city
    assert world.county.city == world.city


def test_a_user_without_organisation_sees_nothing(db):
    from accounts.models import User

    assert not organisations_visible_to(User.objects.create(username="orphan")).exists()

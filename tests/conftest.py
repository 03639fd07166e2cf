"""Shared fixtures: a small organisation tree and one persona per role, plus outsiders.

The world: province; city A (临沂) with counties A1 (兰山区) and A2 (罗庄区); two bases in A1; city B
(德州) with county B1 (德城区) and one base there. Personas are named after what they are to objects
that belong to base A1-a: its own staff, the staff of another base in the same county, and so on.
"""

from dataclasses import dataclass

import pytest

from accounts.models import Organisation, User

Kind = Organisation.Kind
PASSWORD = "test-pass-2026"


@dataclass
class World:
    province: Organisation
    city: Organisation
    city_other: Organisation
    county: Organisation
    county_same_city: Organisation
    county_other: Organisation
    base: Organisation
    base_same_county: Organisation
    base_other: Organisation
    users: dict[str, User]


def make_org(kind: str, code: str, name: str, parent: Organisation | None = None) -> Organisation:
    return Organisation.objects.create(kind=kind, code=code, name=name, parent=parent, bureau_name=name)


def make_user(username: str, org: Organisation) -> User:
    user = User(username=username, organisation=org, last_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds the lookup limiter's counters, the lists' totals and the home page's counts:
    every test starts with none and leaves none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    province = make_org(Kind.PROVINCE, "370000", "山东省")
    city = make_org(Kind.CITY, "371300", "临沂市", province)
    city_other = make_org(Kind.CITY, "371400", "德州市", province)
    county = make_org(Kind.COUNTY, "371302", "兰山区", city)
    county_same_city = make_org(Kind.COUNTY, "371311", "罗庄区", city)
    county_other = make_org(Kind.COUNTY, "371402", "德城区", city_other)
    base = make_org(Kind.BASE, "T-BASE-A", "兰山技师学院", county)
    base_same_county = make_org(Kind.BASE, "T-BASE-B", "兰山机械厂", county)
    base_other = make_org(Kind.BASE, "T-BASE-C", "德城培训中心", county_other)
    users = {
        "province": make_user("u-province", province),
        "city": make_user("u-city", city),
        "city_other": make_user("u-city-other", city_other),
        "county": make_user("u-county", county),
        "county_same_city": make_user("u-county-2", county_same_city),
        "county_other": make_user("u-county-other", county_other),
        "base": make_user("u-base", base),
        "base_same_county": make_user("u-base-2", base_same_county),
        "base_other": make_user("u-base-other", base_other),
    }
    return World(
        province,
        city,
        city_other,
        county,
        county_same_city,
        county_other,
        base,
        base_same_county,
        base_other,
        users,
    )


@pytest.fixture
def login(client):
    """login(user) → the test client logged in as that user."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def client_factory():
    """client_factory() → a fresh test client (one browser each)."""
    from django.test import Client

    return Client


@pytest.fixture
def unwritable_media(settings, tmp_path):
    """A MEDIA_ROOT where nothing can be written (below a regular file: fails for root too, as a read-only
    or full volume would)."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = str(blocker / "media")
    return blocker


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright's own browser download cannot work offline)."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def pytest_collection_modifyitems(session, config, items):
    """Run the browser journeys last: once Playwright has started its event loop it stays for the session,
    and only the browser package allows ORM calls beside it (tests/browser/conftest.py)."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid)

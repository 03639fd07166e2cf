"""`may_open` answers from the page's own role_required, and no template decides by a role literal."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.permissions import may_open

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize(
    ("url_name", "allowed"),
    [
        ("programs:program_create", {"city"}),
        ("bases:base_list", {"province", "city", "county"}),
        ("bases:plan_table_export", {"province", "city"}),
        ("trainees:enrollment_create", {"base"}),
        ("core:job_list", {"province", "city", "county", "base"}),
    ],
)
def test_may_open_gives_the_roles_the_view_admits(world, client, url_name, allowed):
    for persona in ("province", "city", "county", "base"):
        assert may_open(world.users[persona], url_name) is (persona in allowed), persona


def test_may_open_agrees_with_what_the_page_answers(world, client):
    for persona in ("province", "city", "county", "base"):
        client.force_login(world.users[persona])
        status = client.get(reverse("bases:base_list")).status_code
        assert (status == 200) is may_open(world.users[persona], "bases:base_list"), persona


def test_anonymous_users_may_open_nothing_and_unknown_names_are_errors(world):
    assert may_open(AnonymousUser(), "core:job_list") is False
    with pytest.raises(ValueError, match="No URL is named"):
        may_open(world.users["city"], "bases:no_such_page")


def _links(page) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', page.content.decode()))


def test_the_navigation_shows_a_link_only_to_roles_that_may_open_it(world, login):
    base_links = _links(login(world.users["base"]).get(reverse("home")))
    assert reverse("bases:base_list") not in base_links
    assert reverse("roster_import:list") in base_links
    city_links = _links(login(world.users["city"]).get(reverse("home")))
    assert reverse("bases:base_list") in city_links
    assert reverse("core:audit_list") in city_links
    assert reverse("roster_import:list") not in city_links


ROLE_LITERAL = re.compile(r"""\.(role|kind)\s*(==|!=|\bin\b)|["'](province|city|county|base)["']\s*(==|!=)""")


def test_no_template_decides_by_a_role_literal():
    """Which roles a page admits is said once, by its view; templates ask `user|may:"app:name"`."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ROLE_LITERAL.search(line)
    ]
    assert offenders == []


STATUS_LITERAL = re.compile(r"""status\s*(==|!=)\s*["']""")


def test_no_template_compares_a_status_with_a_literal():
    """States are named by the model's choices (``obj.Status.APPROVED``) or a property, so a renamed
    state cannot leave a template silently comparing against a value that no longer exists."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in TEMPLATES.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STATUS_LITERAL.search(line)
    ]
    assert offenders == []

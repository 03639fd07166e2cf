"""Login behind the reverse proxy: lockouts follow the real client address (from X-Forwarded-For only when
the proxy is trusted), never lock a named user out from everywhere, stop password spraying across usernames;
sessions end after a working day idle."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts.login_security import RENEWED_AT
from tests.conftest import PASSWORD, make_user

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"


def attempt(client, username: str, password: str, *, client_address: str, spoofed: str = ""):
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_an_attacker_cannot_lock_a_user_out_for_colleagues_behind_the_same_proxy(
    world, client_factory, behind_one_proxy
):
    attacker, colleague = client_factory(), client_factory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, "u-county", "wrong", client_address=ATTACKER)
    assert attempt(attacker, "u-county", PASSWORD, client_address=ATTACKER).status_code == 429
    assert logged_in(attempt(colleague, "u-county", PASSWORD, client_address=COLLEAGUE))


def test_what_the_client_writes_into_x_forwarded_for_is_not_believed(world, client_factory, behind_one_proxy):
    attacker = client_factory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, "u-county", "wrong", client_address=ATTACKER, spoofed=f"192.0.2.{n}")
    response = attempt(attacker, "u-county", PASSWORD, client_address=ATTACKER, spoofed="192.0.2.99")
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_header_is_ignored(world, client_factory):
    assert settings.TRUSTED_PROXY_COUNT == 0
    attacker, other = client_factory(), client_factory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(attacker, "u-county", "wrong", client_address=f"192.0.2.{n}")
    # Every request came from PROXY: the forged addresses did not spread the failures.
    assert attempt(other, "u-county", PASSWORD, client_address=COLLEAGUE).status_code == 429


def test_spraying_many_usernames_from_one_address_locks_that_address(world, client_factory, behind_one_proxy):
    attacker, colleague = client_factory(), client_factory()
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        make_user(f"u-spray-{n}", world.county)
        assert attempt(attacker, f"u-spray-{n}", "Winter2026!", client_address=ATTACKER).status_code == 200
    # No single username reached its limit, but the address did: even a right password is refused there.
    response = attempt(attacker, "u-city", PASSWORD, client_address=ATTACKER)
    assert response.status_code == 429 and "锁定" in response.content.decode()
    assert "_auth_user_id" not in attacker.session
    assert logged_in(attempt(colleague, "u-city", PASSWORD, client_address=COLLEAGUE))


def test_a_session_ends_after_a_working_day_idle_and_activity_renews_it(world, client):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert logged_in(client.post(reverse("accounts:login"), {"username": "u-city", "password": PASSWORD}))
    key = client.session.session_key
    expiry = Session.objects.get(pk=key).expire_date
    assert abs(expiry - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)

    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(hours=1))
    client.get(reverse("home"))  # within the renewal interval: no write
    assert Session.objects.get(pk=key).expire_date < timezone.now() + timedelta(hours=2)

    session = client.session
    session[RENEWED_AT] -= settings.SESSION_RENEW_AFTER + 1
    session.save()
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(hours=1))
    assert client.get(reverse("home")).status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert abs(renewed - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)


def test_an_expired_session_is_logged_out(world, client):
    client.post(reverse("accounts:login"), {"username": "u-city", "password": PASSWORD})
    Session.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))

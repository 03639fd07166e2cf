"""Login throttling that works behind the reverse proxy.

- The client's address comes from ``X-Forwarded-For`` only when ``TRUSTED_PROXY_COUNT`` says how many proxies
  of ours stand in front of Django; otherwise the header is ignored (a client could write anything there).
- django-axes locks a username *at one address* (``AXES_LOCKOUT_PARAMETERS``), so nobody can lock a named user
  out from everywhere by guessing wrong on purpose. ``AddressLockoutBackend`` adds a higher limit per address
  across all usernames, so that spraying one password over many accounts from one address is stopped too.
- Sessions expire after a working day idle (``SlidingSessionMiddleware``).
"""

import time

from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone


def client_address(request: HttpRequest) -> str:
    """The address of the client as the outermost of our trusted proxies saw it.

    Each proxy appends the address it received the request from, so with N trusted proxies the client is
    the N-th entry from the right; entries further left were written by the client and are not trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < trusted:  # the request did not pass through all of our proxies
        return remote
    return forwarded[-trusted]


def address_failures(address: str) -> int:
    """Failed logins from this address, over all usernames, within the cool-off period."""
    attempts = AccessAttempt.objects.filter(ip_address=address)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AddressLockoutBackend:
    """Refuses every login from an address that failed ``LOGIN_ADDRESS_FAILURE_LIMIT`` times, whatever the
    username (placed before axes' backend; axes' middleware then shows the lockout page)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        address = client_address(request)
        if address and address_failures(address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            request.axes_locked_out = True
            raise AxesBackendPermissionDenied("Too many failed logins from this address")
        return None

    # No get_user: this backend never logs anyone in, so sessions name the model backend (force_login and
    # login() pick the first backend that can load a user).


# --- idle sessions ---------------------------------------------------------------------------------------

RENEWED_AT = "_session_renewed_at"


def stamp_session(sender, request, user, **kwargs) -> None:
    """At login (user_logged_in): the session's idle clock starts now."""
    request.session[RENEWED_AT] = int(time.time())


class SlidingSessionMiddleware:
    """A session ends SESSION_COOKIE_AGE after the user's last request, not after their login.

    Renewing means writing the session, so it is done once every SESSION_RENEW_AFTER seconds of activity
    rather than on every request (what SESSION_SAVE_EVERY_REQUEST would cost: one more write per page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(RENEWED_AT) is not None:
            now = int(time.time())
            if now - session[RENEWED_AT] >= settings.SESSION_RENEW_AFTER:
                session[RENEWED_AT] = now  # modified: saved with a fresh expiry and cookie
        return self.get_response(request)

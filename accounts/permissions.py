"""Role checks for views. Scope (which objects) is the selectors' job; this only says which roles may
use a page at all: anonymous users go to the login page, other roles get 403."""

from collections.abc import Callable
from functools import cache, wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import URLResolver, get_resolver

from .models import User

Role = User.Role


def role_required(*roles: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise PermissionDenied("您的角色无权访问此页面。")
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


ALL_ROLES = tuple(Role.values)


def may_open(user, url_name: str) -> bool:
    """Whether the user's role may open the page named `url_name` ("app:name"): the answer the page's own
    `role_required` gives, so templates draw a link or button without repeating which roles a page admits.
    An unknown name is an error, not a silent False."""
    if not user.is_authenticated:
        return False
    try:
        roles = _roles_by_url_name()[url_name]
    except KeyError:
        raise ValueError(f"No URL is named {url_name!r}.") from None
    return roles is None or user.role in roles


@cache
def _roles_by_url_name() -> dict[str, frozenset[str] | None]:
    """Every named URL → the roles its view admits (None: the view does not check roles)."""
    table: dict[str, frozenset[str] | None] = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            elif pattern.name:
                table[prefix + pattern.name] = getattr(pattern.callback, "allowed_roles", None)

    walk(get_resolver().url_patterns, "")
    return table

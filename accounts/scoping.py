"""The one place that says which organisations a user may see.

Every selector builds its queryset from these Q objects, so a view can only ever reach objects inside
the user's part of the tree; anything else is simply not found (404).
"""

from django.db.models import Q

from .models import Organisation, User

Kind = Organisation.Kind
NOTHING = Q(pk__in=[])


def org_scope_q(user: User, path: str) -> Q:
    """Filter for a model whose ``path`` is a foreign key to the Organisation the object belongs to
    (a city, county or base): the province sees all, a city its own tree, a county its own subtree,
    base staff only their own base."""
    org = _organisation(user)
    if org is None:
        return NOTHING
    if org.kind == Kind.PROVINCE:
        return Q()
    if org.kind == Kind.CITY:
        return Q(**{path: org}) | Q(**{f"{path}__city": org})
    if org.kind == Kind.COUNTY:
        return Q(**{path: org}) | Q(**{f"{path}__county": org})
    return Q(**{path: org})


def city_scope_q(user: User, path: str) -> Q:
    """Filter for city-wide objects (programmes, policies): every role sees its own city's; the province
    sees all. ``path`` is a foreign key to the city Organisation."""
    org = _organisation(user)
    if org is None:
        return NOTHING
    if org.kind == Kind.PROVINCE:
        return Q()
    return Q(**{path: org.city_node})


def organisations_visible_to(user: User):
    """The organisations themselves: the user's own node and everything under it."""
    org = _organisation(user)
    if org is None:
        return Organisation.objects.none()
    if org.kind == Kind.PROVINCE:
        return Organisation.objects.all()
    if org.kind == Kind.CITY:
        return Organisation.objects.filter(Q(pk=org.pk) | Q(city=org))
    if org.kind == Kind.COUNTY:
        return Organisation.objects.filter(Q(pk=org.pk) | Q(county=org))
    return Organisation.objects.filter(pk=org.pk)


def _organisation(user: User) -> Organisation | None:
    if not user.is_authenticated:
        return None
    return user.organisation

"""Reads for accounts: always scoped to what the user may see."""

from django.db.models import Count, Q, QuerySet

from .models import Organisation, User
from .scoping import organisations_visible_to


def users_visible_to(user: User) -> QuerySet[User]:
    return User.objects.filter(organisation__in=organisations_visible_to(user))


def organisation_tiles(user: User) -> list[tuple[str, int, str]]:
    """(label, count, url) for the organisations and users under the user's node, in one query each."""
    Kind = Organisation.Kind
    counts = organisations_visible_to(user).aggregate(
        cities=Count("pk", filter=Q(kind=Kind.CITY)),
        counties=Count("pk", filter=Q(kind=Kind.COUNTY)),
        bases=Count("pk", filter=Q(kind=Kind.BASE)),
    )
    tiles = {
        Kind.PROVINCE: [
            ("地市", counts["cities"]),
            ("县区", counts["counties"]),
            ("培训基地", counts["bases"]),
        ],
        Kind.CITY: [("县区", counts["counties"]), ("培训基地", counts["bases"])],
        Kind.COUNTY: [("辖区培训基地", counts["bases"])],
        Kind.BASE: [],
    }[user.role]
    return [(label, n, "") for label, n in tiles] + [("本级及下属用户", users_visible_to(user).count(), "")]

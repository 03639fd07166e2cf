"""Writes for accounts: the organisation tree and users."""

import json
from pathlib import Path

from django.db import transaction

from .models import Organisation, User

REGIONS_FILE = Path(__file__).resolve().parent / "data" / "shandong.json"
Kind = Organisation.Kind


@transaction.atomic
def regions_load(*, path: Path = REGIONS_FILE) -> int:
    """Create or update the province, its cities and counties from the regions file (idempotent).
    Returns the number of organisations in the file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    province = _upsert(Kind.PROVINCE, data["province"]["code"], data["province"]["name"], None)
    count = 1
    for city_data in data["cities"]:
        city = _upsert(Kind.CITY, city_data["code"], city_data["name"], province)
        count += 1
        for county_data in city_data.get("counties", []):
            # Development zones have no GB/T 2260 code of their own: key them under their city.
            code = county_data.get("code") or f"{city.code}-{county_data['name']}"
            _upsert(Kind.COUNTY, code, county_data["name"], city)
            count += 1
    return count


def _upsert(kind: str, code: str, name: str, parent: Organisation | None) -> Organisation:
    bureau = {
        Kind.PROVINCE: f"{name}人力资源和社会保障厅",
        Kind.CITY: f"{name}人力资源和社会保障局",
        Kind.COUNTY: f"{name}人力资源和社会保障局",
    }[kind]
    org, _ = Organisation.objects.update_or_create(
        code=code, defaults={"kind": kind, "name": name, "parent": parent, "bureau_name": bureau}
    )
    return org


def organisation_base_create(*, county: Organisation, code: str, name: str) -> Organisation:
    """The organisation node of a training base (its profile lives in the bases app)."""
    if county.kind != Kind.COUNTY:
        raise ValueError("A base hangs under a county")
    org, _ = Organisation.objects.update_or_create(
        code=code, defaults={"kind": Kind.BASE, "name": name, "parent": county, "bureau_name": name}
    )
    return org


def user_ensure(
    *, username: str, organisation: Organisation, full_name: str, password: str, phone: str = ""
) -> User:
    """Create the user if missing; an existing user keeps their password (seeding is idempotent)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"organisation": organisation, "last_name": full_name, "phone": phone},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    elif user.organisation_id != organisation.pk:
        user.organisation = organisation
        user.save(update_fields=["organisation"])
    return user

"""Permission-matrix cases of the roster import (merged by tests/test_url_permissions.py): base staff
only; another base's import is a 404."""

import io

from django.core.files.base import ContentFile

from tests.permissions import OUTSIDE_COUNTY, Case, expect
from trainees.import_reports import import_check
from trainees.models import RosterImport

from .roster_factory import person, write_roster

BASE_ONLY = {"base"}


def _import_kwargs(objects: dict) -> dict:
    return {"pk": objects["roster_import"].pk}


CASES: dict[str, Case] = {
    "roster_import:list": Case(expect(roles=BASE_ONLY)),
    "roster_import:template": Case(expect(roles=BASE_ONLY)),
    "roster_import:upload": Case(expect(roles=BASE_ONLY)),
    "roster_import:preview": Case(expect(roles=BASE_ONLY, hidden=OUTSIDE_COUNTY), kwargs=_import_kwargs),
    "roster_import:commit": Case(
        expect(ok=302, roles=BASE_ONLY, hidden=OUTSIDE_COUNTY), method="post", kwargs=_import_kwargs
    ),
    "roster_import:rejected": Case(expect(roles=BASE_ONLY, hidden=OUTSIDE_COUNTY), kwargs=_import_kwargs),
}


def add_objects(world, objects: dict) -> None:
    """A checked roster import of base A1-a (one row, refused: the base has no confirmed places)."""
    buffer = io.BytesIO()
    write_roster(buffer, [person()])
    roster_import = RosterImport(
        base=objects["base"],
        program=objects["program"],
        original_name="花名册.xlsx",
        uploaded_by=world.users["base"],
    )
    roster_import.file.save("roster.xlsx", ContentFile(buffer.getvalue()), save=True)
    objects["roster_import"] = import_check(roster_import)

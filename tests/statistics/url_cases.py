"""Permission-matrix cases of the statistics area (merged by tests/test_url_permissions.py).

Object URLs point at city A's programme; the submission was sent by county A1 to city A."""

import datetime

from django.core.files.base import ContentFile

from stats.models import ClassArchive, Submission
from tests.permissions import OUTSIDE_CITY, OUTSIDE_COUNTY, Case, expect


def _program(objects: dict) -> dict:
    return {"code": objects["program"].code}


CASES: dict[str, Case] = {
    "statistics:index": Case(expect()),
    # Refused with a message (no year given) or started: always sent on.
    "statistics:province_export": Case(expect(ok=302, roles={"province"}), method="post"),
    "statistics:program": Case(expect(hidden=OUTSIDE_CITY), kwargs=_program),
    "statistics:sheet_export": Case(expect(ok=302, hidden=OUTSIDE_CITY), method="post", kwargs=_program),
    # No 填报人 given: refused with a message, sent back.
    "statistics:submission_create": Case(
        expect(ok=302, roles={"base", "county"}, hidden=OUTSIDE_CITY), method="post", kwargs=_program
    ),
    "statistics:policy_update": Case(expect(roles={"city"}, hidden=OUTSIDE_CITY), kwargs=_program),
    "statistics:dashboard": Case(expect(hidden=OUTSIDE_CITY), kwargs=_program),
    # The sender's county and its city see it; other counties and every base do not.
    "statistics:submission_download": Case(
        expect(hidden=(*OUTSIDE_COUNTY, "base")), kwargs=lambda o: {"pk": o["submission"].pk}
    ),
    "statistics:archive_list": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["class"].pk}),
    "statistics:archive_create": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=lambda o: {"pk": o["class"].pk},
    ),
    # Full ID numbers inside: the base that holds the class alone.
    "statistics:archive_download": Case(
        expect(roles={"base"}, hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["archive"].pk}
    ),
    # Inside its keeping period: refused with a message, sent back.
    "statistics:archive_delete": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=lambda o: {"pk": o["archive"].pk},
    ),
}


def add_objects(world, objects: dict) -> None:
    submission = Submission(
        program=objects["program"], sender=world.county, receiver=world.city, figures={"cells": []}
    )
    submission.file.save("sheet.xlsx", ContentFile(b"PK-test"), save=False)
    submission.save()
    objects["submission"] = submission
    archive = ClassArchive(training_class=objects["class"], keep_until=datetime.date(2099, 1, 1))
    archive.file.save("archive.zip", ContentFile(b"PK-test"), save=False)
    archive.save()
    objects["archive"] = archive

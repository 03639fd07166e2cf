"""Permission-matrix cases of the statistics area (merged by tests/test_url_permissions.py).

Object URLs point at city A's programme; the submission was sent by county A1 to city A."""

import datetime

from django.core.files.base import ContentFile

from stats.models import ClassArchive, PerformanceReport, Submission
from tests.permissions import OUTSIDE_CITY, OUTSIDE_COUNTY, Case, expect


def _program(objects: dict) -> dict:
    return {"code": objects["program"].code}


def _report(objects: dict) -> dict:
    return {"code": objects["program"].code, "base": objects["base"].pk}


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
    # A base goes to its own report; bureaus list the bases of their area.
    "statistics:performance_list": Case(
        {**expect(hidden=(*OUTSIDE_CITY, "base_same_county")), "base": 302}, kwargs=_program
    ),
    "statistics:performance_report": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=_report),
    # A draft: a preview PDF from today's figures (no personal data in it).
    "statistics:performance_pdf": Case(
        expect(hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["performance_report"].pk}
    ),
    "statistics:performance_submit": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=lambda o: {"pk": o["performance_report"].pk},
    ),
    # Not submitted yet: refused with a message, sent back.
    "statistics:performance_return": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY),
        method="post",
        kwargs=lambda o: {"pk": o["performance_report"].pk},
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
    objects["performance_report"] = PerformanceReport.objects.create(
        program=objects["program"], base=objects["base"], problems="问题", remedies="措施"
    )

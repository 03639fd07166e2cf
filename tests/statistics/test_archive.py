"""The class archive: a zip of what the class produced, recorded, kept five years."""

import datetime
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from attendance.models import SchemeFiling, SchemeTeacher
from certificates.models import Certificate
from stats.archive import archive_create, archive_delete
from stats.models import ClassArchive
from stats.services import StatisticsError
from tests.attendance.factories import delivery_setup, full_schedule
from tests.statistics.factories import results

pytestmark = pytest.mark.django_db


def test_the_archive_holds_roster_schedule_grid_scans_media_list_and_results(world, login):
    program, base, training_class, enrollments = delivery_setup(world, trainees=2)
    sessions = full_schedule(training_class)
    sessions[0].sign_in_scan.save("scan.png", ContentFile(b"\x89PNG scan"), save=False)
    sessions[0].sign_in_name = "签到表.png"
    sessions[0].save()
    results(program, base, passed=enrollments[:1], failed=enrollments[1:])
    client = login(world.users["base"])
    response = client.post(reverse("statistics:archive_create", args=[training_class.pk]))
    assert response.status_code == 302
    record = ClassArchive.objects.get()
    assert record.keep_until.year == datetime.date.today().year + 5
    download = client.get(reverse("statistics:archive_download", args=[record.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert names[:3] == ["01_花名册.xlsx", "02_课程安排表.xlsx", "03_考勤表.xlsx"]
    assert any(n.startswith("04_签到表/") for n in names)
    assert archive.read(next(n for n in names if n.startswith("04_签到表/"))) == b"\x89PNG scan"
    roster = list(
        load_workbook(io.BytesIO(archive.read("01_花名册.xlsx"))).active.iter_rows(values_only=True)
    )
    assert {r[2] for r in roster[1:]} == {e.trainee.id_number for e in enrollments}
    outcome = list(
        load_workbook(io.BytesIO(archive.read("06_考核结果.xlsx"))).active.iter_rows(values_only=True)
    )
    assert sorted(r[2] for r in outcome[1:]) == ["不合格", "合格"]
    assert "05_材料清单.xlsx" in names


def test_the_archive_holds_the_filed_scheme_and_the_certificate_list(world):
    program, base, training_class, enrollments = delivery_setup(world, trainees=1)
    filing = SchemeFiling.objects.create(
        training_class=training_class, outline="焊工技师培训大纲：第一章 安全", textbooks="《焊工》第二版"
    )
    filing.outline_file.save("outline.pdf", ContentFile(b"%PDF-1.4 outline"), save=True)
    filing.outline_file_name = "大纲.pdf"
    filing.save()
    SchemeTeacher.objects.create(filing=filing, name="王老师", qualification="senior_title")
    person = enrollments[0]
    Certificate.objects.create(
        number="20260007",
        enrollment=person,
        program=program,
        base=base,
        city=world.city,
        issuer=base.organisation,
        issued_on=datetime.date(2026, 10, 1),
        name=person.entered_name,
        sex="男",
        id_number=person.trainee.id_number,
        base_name=base.name,
        occupation_name="焊工",
        level=person.level,
        issuer_name=base.name,
        program_name=program.name,
        title="培训合格证书",
    )
    record = archive_create(training_class=training_class, user=world.users["base"])
    archive = zipfile.ZipFile(record.file.open("rb"))
    scheme = list(
        load_workbook(io.BytesIO(archive.read("07_培训方案.xlsx"))).active.iter_rows(values_only=True)
    )
    assert ["培训大纲", "焊工技师培训大纲：第一章 安全"] in [list(r) for r in scheme]
    assert any(r[0] == "授课教师：王老师" for r in scheme)
    assert archive.read("07_培训方案/培训大纲.pdf") == b"%PDF-1.4 outline"
    listed = list(
        load_workbook(io.BytesIO(archive.read("08_证书清单.xlsx"))).active.iter_rows(values_only=True)
    )
    assert listed[1][:3] == ("20260007", person.entered_name, person.trainee.id_number)
    assert listed[1][7] == "有效"


def test_an_archive_cannot_be_deleted_before_its_keeping_period_ends(world):
    _program, _base, training_class, _e = delivery_setup(world, trainees=1)
    record = archive_create(training_class=training_class, user=world.users["base"])
    with pytest.raises(StatisticsError, match="保存期满前不得删除"):
        archive_delete(archive=record, user=world.users["base"])
    assert ClassArchive.objects.filter(pk=record.pk).exists()
    archive_delete(archive=record, user=world.users["base"], today=record.keep_until)
    assert not ClassArchive.objects.exists()

"""The browser roster import (SPEC §6): upload → preview with every row and its reasons → commit of
exactly the accepted rows, once; the rejected rows back as xlsx; big files through a job; scoping."""

from __future__ import annotations

import datetime
import io
import threading
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bases import services as base_services
from core.idcard import mask_id_number
from core.models import AuditEntry, Job
from programs.models import Program
from tests.bases.factories import make_base, make_plan, open_program
from trainees.import_reports import SYNC_ROW_LIMIT, ImportRefused, import_commit
from trainees.models import Enrollment, RosterImport
from trainees.roster import REASONS_COLUMN, ROSTER_HEADER, read_roster

from .roster_factory import make_id, person, write_roster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- data ------------------------------------------------------------------------------------------------


def confirmed_quota(world) -> tuple[Program, Any]:
    """Base A1-a with a confirmed plan (焊工 30 + 电工 20 技师) in an open 临沂-like programme."""
    program = open_program(world)
    base = make_base(world)
    plan = make_plan(world, program=program, base=base, status="city_approved")
    city = world.users["city"]
    today = timezone.localdate()
    publication = base_services.notice_publish(
        actor=city,
        program=program,
        plans=[plan],
        title="公示",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=3),
    )
    assert base_services.notice_close(actor=city, publication=publication) == 1
    return program, base


def good(i: int, **changes: Any) -> dict[str, Any]:
    """An applicant who qualifies for 焊工 技师 (高级工 since 2018, 40 years old on 2026-05-01)."""
    birth = datetime.date(1985, 1, 1) + datetime.timedelta(days=i)
    values = {
        "序号": i,
        "姓名": f"焊工{i:03d}",
        "身份证号码": make_id(birth, serial=i % 100),
        "现职业（工种）": "焊工",
        "参加培训职业（工种）": "焊工",
    }
    return person(**{**values, **changes})


def bad(i: int) -> dict[str, Any]:
    """Too young (26) and without social insurance."""
    return good(i, 姓名="李小四", 身份证号码=make_id(datetime.date(2000, 1, 1), serial=99), 参加社会保险="否")


def workbook(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    write_roster(buffer, rows)
    return buffer.getvalue()


def stored_files() -> set[str]:
    """Every file under the storage's folder of roster uploads."""
    from django.core.files.storage import default_storage

    found = set()
    folders = ["imports"]
    while folders:
        folder = folders.pop()
        if not default_storage.exists(folder):
            continue
        subfolders, files = default_storage.listdir(folder)
        folders += [f"{folder}/{name}" for name in subfolders]
        found |= {f"{folder}/{name}" for name in files}
    return found


def xlsx_upload(content: bytes, name: str = "花名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


@pytest.fixture
def quota(world):
    return confirmed_quota(world)


@pytest.fixture
def staff(world, client):
    client.force_login(world.users["base"])
    return client


def upload(client, program: Program, content: bytes, name: str = "花名册.xlsx"):
    return client.post(
        reverse("roster_import:upload"), {"program": program.pk, "file": xlsx_upload(content, name)}
    )


def uploaded(client, program: Program, rows: list[dict[str, Any]]) -> RosterImport:
    response = upload(client, program, workbook(rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    roster_import = RosterImport.objects.latest("id")
    assert response["Location"] == reverse("roster_import:preview", args=[roster_import.pk])
    return roster_import


def commit(client, roster_import: RosterImport):
    return client.post(reverse("roster_import:commit", args=[roster_import.pk]), follow=True)


def page_messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- preview ---------------------------------------------------------------------------------------------


def test_the_preview_shows_every_row_with_its_reasons_and_masked_ids(quota, staff):
    program, _ = quota
    rows = [good(1), bad(2), good(3)]
    roster_import = uploaded(staff, program, rows)

    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.accepted, roster_import.rejected) == ("checked", 2, 1)
    assert Enrollment.objects.count() == 0  # the preview saves nothing
    assert [line["status"] for line in roster_import.report["rows"]] == ["accepted", "rejected", "accepted"]

    page = staff.get(reverse("roster_import:preview", args=[roster_import.pk]))
    html = page.content.decode()
    for row in rows:
        assert mask_id_number(row["身份证号码"]) in html
        assert row["身份证号码"] not in html  # never a full ID on the page
        assert row["姓名"] in html
    assert "年龄 26 周岁，低于 29 周岁下限" in html
    assert "未按规定参加职工社会保险" in html
    assert 'data-confirm="将保存 2 名通过校验的学员，确定导入吗？"' in html
    assert reverse("roster_import:rejected", args=[roster_import.pk]) in html
    assert "重新上传" in html


def test_the_preview_can_show_only_the_rejected_rows(quota, staff):
    program, _ = quota
    roster_import = uploaded(staff, program, [good(1), bad(2)])
    html = staff.get(reverse("roster_import:preview", args=[roster_import.pk]), {"show": "rejected"}).content
    assert "李小四".encode() in html and "焊工001".encode() not in html


def test_the_upload_form_offers_only_running_programmes_of_the_city(quota, staff, world):
    program, _ = quota
    from tests.programs.factories import make_program

    draft = make_program(world, code="draft-2026")
    other_city = make_program(world, code="dz-2026", city=world.city_other)
    choices = staff.get(reverse("roster_import:upload")).context["form"].fields["program"].queryset
    assert list(choices) == [program]
    assert draft.status == Program.Status.DRAFT and other_city not in choices


# --- commit ----------------------------------------------------------------------------------------------


def test_commit_saves_exactly_the_accepted_rows(quota, staff):
    program, base = quota
    rows = [good(1), bad(2), good(3)]
    roster_import = uploaded(staff, program, rows)

    response = commit(staff, roster_import)

    saved = Enrollment.objects.filter(program=program, base=base)
    assert sorted(saved.values_list("trainee__id_number", flat=True)) == sorted(
        [rows[0]["身份证号码"], rows[2]["身份证号码"]]
    )
    assert set(saved.values_list("source", flat=True)) == {Enrollment.Source.IMPORT}
    roster_import.refresh_from_db()
    assert roster_import.status == "committed" and roster_import.saved == 2
    assert roster_import.committed_at is not None
    assert "导入完成：已保存 2 名学员。" in page_messages(response)
    html = response.content.decode()
    assert "已保存 2 名学员" in html and 'href="/trainees/"' in html
    assert "commit-button" not in html  # committed once only: no button any more


def test_importing_the_same_file_again_refuses_every_row_and_saves_nothing(quota, staff):
    program, _ = quota
    content = workbook([good(1), good(2)])
    commit(staff, RosterImport.objects.get(pk=_upload_pk(staff, program, content)))
    assert Enrollment.objects.count() == 2

    again = RosterImport.objects.get(pk=_upload_pk(staff, program, content))
    assert (again.accepted, again.rejected) == (0, 2)
    assert all([r["code"] for r in line["reasons"]] == ["already_enrolled"] for line in again.report["rows"])
    html = staff.get(reverse("roster_import:preview", args=[again.pk])).content.decode()
    assert "已在本项目登记（本基地），不能重复报名" in html
    assert "commit-button" not in html

    response = commit(staff, again)  # even a forged POST saves nothing
    assert "没有通过校验的学员，未保存任何数据。请修改不通过的行后重新上传。" in page_messages(response)
    assert Enrollment.objects.count() == 2
    again.refresh_from_db()
    assert again.status == "checked" and again.saved == 0


def _upload_pk(client, program: Program, content: bytes) -> int:
    assert upload(client, program, content).status_code == 302
    return RosterImport.objects.latest("id").pk


def test_a_double_commit_saves_once(quota, staff):
    program, _ = quota
    roster_import = uploaded(staff, program, [good(1), good(2)])
    commit(staff, roster_import)
    second = commit(staff, roster_import)

    assert Enrollment.objects.count() == 2
    assert any("不能重复导入" in message for message in page_messages(second))
    assert AuditEntry.objects.filter(action="trainee.import").count() == 1
    roster_import.refresh_from_db()
    assert roster_import.saved == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_commits_of_one_import_save_once(world, client):
    program, _ = confirmed_quota(world)
    client.force_login(world.users["base"])
    roster_import = uploaded(client, program, [good(1), good(2)])
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()  # both requests reach the commit together
            outcome = import_commit(pk=roster_import.pk, actor=world.users["base"])
            outcomes.append(f"saved {outcome.saved}")
        except ImportRefused as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2 and outcomes.count("saved 2") == 1
    assert "不能重复导入" in next(o for o in outcomes if o != "saved 2")
    assert Enrollment.objects.count() == 2
    assert AuditEntry.objects.filter(action="trainee.import").count() == 1


def test_rows_enrolled_elsewhere_since_the_preview_are_refused_at_commit(quota, staff):
    program, _ = quota
    first = uploaded(staff, program, [good(1), good(2)])
    second = uploaded(staff, program, [good(2), good(3)])
    commit(staff, second)  # takes 焊工002 after the first preview was shown

    response = commit(staff, first)

    assert Enrollment.objects.count() == 3
    first.refresh_from_db()
    assert (first.status, first.saved, first.accepted, first.rejected) == ("committed", 1, 1, 1)
    refused = first.report["rows"][1]
    assert refused["changed"] and [r["code"] for r in refused["reasons"]] == ["already_enrolled"]
    assert any("1 行已不符合条件" in message for message in page_messages(response))
    assert "确认时未通过" in response.content.decode()


def test_a_row_refused_in_the_preview_is_never_saved_by_the_commit(quota, staff):
    program, _ = quota
    commit(staff, uploaded(staff, program, [good(1)]))
    roster_import = uploaded(staff, program, [good(1), good(2)])  # 焊工001 is refused: already enrolled
    # The refusal no longer holds when the commit comes, but the user confirmed 1 row, not 2.
    Enrollment.objects.update(status=Enrollment.Status.WITHDRAWN)

    response = commit(staff, roster_import)

    assert "导入完成：已保存 1 名学员。" in page_messages(response)
    assert Enrollment.objects.filter(trainee__id_number=good(1)["身份证号码"]).count() == 1
    assert Enrollment.objects.filter(trainee__id_number=good(2)["身份证号码"]).exists()
    roster_import.refresh_from_db()
    assert [line["status"] for line in roster_import.report["rows"]] == ["rejected", "accepted"]


def test_the_quota_is_applied_in_the_preview(quota, staff):
    program, _ = quota
    rows = [
        good(i, **{"现职业（工种）": "电工", "参加培训职业（工种）": "电工"}) for i in range(1, 22)
    ]  # 20 places
    roster_import = uploaded(staff, program, rows)
    roster_import.refresh_from_db()
    assert (roster_import.accepted, roster_import.rejected) == (20, 1)
    assert "电工（技师）名额已满" in roster_import.report["rows"][-1]["reasons"][0]["message"]
    commit(staff, roster_import)
    assert Enrollment.objects.filter(occupation__name="电工").count() == 20


# --- refused uploads -------------------------------------------------------------------------------------


def test_a_file_that_is_not_an_xlsx_is_refused_and_nothing_is_stored(quota, staff):
    program, _ = quota
    response = upload(staff, program, "姓名,身份证号码\n张三,1\n".encode(), name="花名册.xlsx")
    assert response.status_code == 200
    assert "文件类型不符合要求，只接受 Excel 工作簿（.xlsx）、Excel 97-2003 工作簿（.xls）" in (
        response.content.decode()
    )
    assert RosterImport.objects.count() == 0


def test_an_oversize_file_is_refused_and_nothing_is_stored(quota, staff):
    program, _ = quota
    content = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024)
    response = upload(staff, program, content)
    assert response.status_code == 200
    assert "文件过大（10.0 MB），最大允许 10 MB" in response.content.decode()
    assert RosterImport.objects.count() == 0


def test_a_malformed_workbook_is_refused_with_its_message_and_leaves_nothing_behind(quota, staff):
    program, _ = quota
    header = list(ROSTER_HEADER)
    header[1] = "名字"
    buffer = io.BytesIO()
    write_roster(buffer, [good(1)], header=header)
    before = stored_files()
    response = upload(staff, program, buffer.getvalue())
    assert response.status_code == 200
    assert "花名册无法导入：第 2 列应为“姓名”，实为“名字”" in response.content.decode()
    assert RosterImport.objects.count() == 0
    assert stored_files() == before
    assert Enrollment.objects.count() == 0


def test_a_zip_that_is_not_a_workbook_is_reported_on_the_upload_page(quota, staff):
    program, _ = quota
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    before = stored_files()
    response = upload(staff, program, buffer.getvalue(), name="花名册.docx")
    assert "文件不是有效的 Excel 工作簿（.xlsx 或 .xls）" in response.content.decode()
    assert RosterImport.objects.count() == 0
    assert stored_files() == before


# --- files -----------------------------------------------------------------------------------------------


def test_the_template_downloads_as_an_xlsx_with_the_roster_header(world, staff):
    response = staff.get(reverse("roster_import:template"))
    assert response["Content-Type"] == XLSX
    assert (
        "filename*=utf-8''%E5%AD%A6%E5%91%98%E8%8A%B1%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx"
        in (response["Content-Disposition"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ROSTER_HEADER


def test_the_rejected_rows_come_back_with_a_reasons_column_and_can_be_uploaded_again(quota, staff):
    program, _ = quota
    rows = [good(1), bad(2), good(3, 发证日期=datetime.date(2018, 1, 1), 工作年限="x")]
    roster_import = uploaded(staff, program, rows)

    response = staff.get(reverse("roster_import:rejected", args=[roster_import.pk]))

    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    lines = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert lines[0] == [*ROSTER_HEADER, REASONS_COLUMN]
    assert len(lines) == 3
    young = dict(zip(lines[0], lines[1], strict=True))
    assert young["姓名"] == "李小四" and young["身份证号码"] == rows[1]["身份证号码"]  # as typed, in full
    assert young[REASONS_COLUMN] == "年龄 26 周岁，低于 29 周岁下限；未按规定参加职工社会保险"
    assert dict(zip(lines[0], lines[2], strict=True))["发证日期"] == "2018-01-01"
    # The file is a roster again: the reader ignores the reasons column.
    assert [row.name for row in read_roster(io.BytesIO(response.content))] == ["李小四", "焊工003"]
    assert AuditEntry.objects.filter(action="trainee.export", object_id=str(roster_import.pk)).exists()


# --- big files -------------------------------------------------------------------------------------------


def test_a_file_above_the_limit_is_checked_and_committed_by_jobs(
    quota, staff, django_capture_on_commit_callbacks
):
    program, _ = quota
    rows = [good(i) for i in range(1, SYNC_ROW_LIMIT + 2)]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(staff, program, workbook(rows))
    roster_import = RosterImport.objects.get()
    assert response["Location"] == reverse("roster_import:preview", args=[roster_import.pk])
    job = roster_import.job
    assert (job.kind, job.status, job.progress) == ("roster_import_check", Job.Status.SUCCEEDED, 100)
    assert job.organisation == roster_import.base.organisation
    assert load_workbook(job.result.open("rb")).worksheets[0].max_row == 1 + SYNC_ROW_LIMIT + 1 - 30
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.accepted, roster_import.rejected) == (
        "checked",
        30,
        SYNC_ROW_LIMIT + 1 - 30,
    )
    page = staff.get(reverse("roster_import:preview", args=[roster_import.pk]))
    assert page.status_code == 200 and page.context["page"].paginator.count == SYNC_ROW_LIMIT + 1
    assert "将保存 30 名通过校验的学员" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        commit(staff, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.job.kind == "roster_import_commit"
    assert roster_import.job.status == Job.Status.SUCCEEDED
    assert (roster_import.status, roster_import.saved) == ("committed", 30)
    assert Enrollment.objects.count() == 30

    with django_capture_on_commit_callbacks(execute=True):
        again = commit(staff, roster_import)
    assert "该花名册已导入或正在导入，不能重复导入。" in page_messages(again)
    assert Enrollment.objects.count() == 30


def test_a_big_file_being_checked_shows_the_progress_on_its_page(quota, staff):
    program, _ = quota
    rows = [good(i) for i in range(1, SYNC_ROW_LIMIT + 2)]
    upload(staff, program, workbook(rows))  # on-commit callbacks not run: the job stays queued
    roster_import = RosterImport.objects.get()
    html = staff.get(reverse("roster_import:preview", args=[roster_import.pk])).content.decode()
    assert reverse("core:job_status", args=[roster_import.job.pk]) in html
    assert 'class="progress"' in html and "commit-button" not in html


# --- scope -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["base_same_county", "base_other"])
def test_another_base_cannot_reach_an_import(quota, staff, world, client, persona):
    program, _ = quota
    make_base(world, getattr(world, persona))
    roster_import = uploaded(staff, program, [good(1)])
    client.force_login(world.users[persona])
    assert client.get(reverse("roster_import:preview", args=[roster_import.pk])).status_code == 404
    assert client.get(reverse("roster_import:rejected", args=[roster_import.pk])).status_code == 404
    assert client.post(reverse("roster_import:commit", args=[roster_import.pk])).status_code == 404
    assert Enrollment.objects.count() == 0
    assert "花名册.xlsx" not in client.get(reverse("roster_import:list")).content.decode()


def test_the_list_shows_the_base_imports_in_a_fixed_number_of_queries(
    quota, staff, django_assert_max_num_queries
):
    program, _ = quota
    for i in range(3):
        uploaded(staff, program, [good(i + 1)])
    with django_assert_max_num_queries(8):
        response = staff.get(reverse("roster_import:list"))
    assert len(response.context["page"]) == 3
    assert "已校验，待确认导入" in response.content.decode()

"""The schedule and attendance-grid imports, in the browser and on the command line: a preview that
saves nothing, a commit that saves the whole file or nothing, and the reason for every refused row."""

import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from attendance.models import Attendance, Session
from attendance.schedule import HEADER, schedule_read
from attendance.services import attendance_record, members_assign
from tests.conftest import make_user
from tests.trainees.factories import make_enrollment

from .factories import delivery_setup, full_schedule

PRESENT = Attendance.Status.PRESENT


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for line in rows:
        ws.append(list(line))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def line(n, day, category="理论", mode="线下", hours=5, start="08:00", end="12:00"):
    return [n, day, start, end, category, "焊接工艺", "王老师", mode, hours, "实训楼 201"]


SCHEDULE_210 = (
    [line(i, f"2026-06-{i:02d}", "思政", hours=5) for i in (1, 2)]
    + [line(i, f"2026-06-{i:02d}", "理论", hours=10) for i in range(3, 14)]
    + [line(i, f"2026-06-{i:02d}", "实操", hours=10) for i in range(14, 23)]
)


@pytest.fixture
def setup(world):
    return delivery_setup(world, trainees=3)


# --- the schedule ----------------------------------------------------------------------------------------


def test_a_schedule_preview_shows_the_verdict_and_saves_nothing(world, login):
    # 临沂's rules: online at most 40 %, practical training offline.
    _, _, training_class, _ = delivery_setup(
        world, trainees=0, online_share_max=Decimal("0.40"), online_theory_only=True
    )
    client = login(world.users["base"])
    online_practice = [*SCHEDULE_210[:-1], line(22, "2026-06-22", "实操", mode="线上", hours=10)]
    url = reverse("attendance:schedule_upload", args=[training_class.pk])
    response = client.post(url, {"file": upload(xlsx(online_practice))})
    assert response.status_code == 200
    verdict = response.context["verdict"]
    assert [b.code for b in verdict.breaches] == ["practical_online"]
    text = response.content.decode()
    assert "实操课须线下进行" in text
    # The preview lists the rows as the clerk typed them, in Chinese.
    assert "<td>实操</td><td>焊接工艺</td><td>王老师</td><td>线上</td>" in text
    assert not Session.objects.filter(training_class=training_class).exists()


def test_a_schedule_commit_replaces_the_whole_schedule(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class, plan=[("theory", 4)])
    client = login(world.users["base"])
    preview = client.post(
        reverse("attendance:schedule_upload", args=[training_class.pk]), {"file": upload(xlsx(SCHEDULE_210))}
    )
    assert preview.context["verdict"].ok
    response = client.post(
        reverse("attendance:schedule_commit", args=[training_class.pk]), {"token": preview.context["token"]}
    )
    assert response.status_code == 302
    sessions = list(training_class.sessions.all())
    assert len(sessions) == 22 and sum(s.hours for s in sessions) == 210
    detail = client.get(reverse("attendance:class_detail", args=[training_class.pk]))
    assert detail.context["verdict"].ok


def test_a_schedule_with_an_unreadable_row_is_not_imported_at_all(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class, plan=[("theory", 4)])
    client = login(world.users["base"])
    bad = [*SCHEDULE_210[:5], line(6, "2026-06-31", "实习", hours=0), *SCHEDULE_210[6:]]
    preview = client.post(
        reverse("attendance:schedule_upload", args=[training_class.pk]), {"file": upload(xlsx(bad))}
    )
    text = preview.content.decode()
    assert "第 7 行无法读取" in text and "课程类别应为 思政、理论 或 实操，实为“实习”" in text
    assert "schedule-commit" not in text
    # Even a commit forced with the token saves nothing.
    response = client.post(
        reverse("attendance:schedule_commit", args=[training_class.pk]),
        {"token": preview.context["token"]},
        follow=True,
    )
    assert "课程安排表未导入" in response.content.decode()
    assert list(training_class.sessions.values_list("hours", flat=True)) == [4]


def test_a_schedule_is_not_replaced_once_attendance_was_taken(setup, world, login):
    _, _, training_class, enrollments = setup
    session = full_schedule(training_class, plan=[("theory", 4)])[0]
    attendance_record(actor=world.users["base"], session=session, marks={enrollments[0].pk: PRESENT})
    client = login(world.users["base"])
    preview = client.post(
        reverse("attendance:schedule_upload", args=[training_class.pk]), {"file": upload(xlsx(SCHEDULE_210))}
    )
    response = client.post(
        reverse("attendance:schedule_commit", args=[training_class.pk]),
        {"token": preview.context["token"]},
        follow=True,
    )
    assert "不能整体替换课程安排" in response.content.decode()
    assert training_class.sessions.count() == 1


def test_a_file_that_is_not_a_workbook_gets_a_chinese_message(setup, world, login):
    _, _, training_class, _ = setup
    client = login(world.users["base"])
    response = client.post(
        reverse("attendance:schedule_upload", args=[training_class.pk]),
        {"file": upload(b"not a workbook at all")},
    )
    assert "课程安排表无法读取" in response.content.decode()
    assert "token" not in response.context


def test_another_users_upload_token_is_not_found(setup, world, login):
    _, _, training_class, _ = setup
    base_client = login(world.users["base"])
    preview = base_client.post(
        reverse("attendance:schedule_upload", args=[training_class.pk]), {"file": upload(xlsx(SCHEDULE_210))}
    )
    colleague = make_user("u-base-colleague", world.base)
    base_client.force_login(colleague)
    response = base_client.post(
        reverse("attendance:schedule_commit", args=[training_class.pk]), {"token": preview.context["token"]}
    )
    assert response.status_code == 404
    assert not training_class.sessions.exists()


def test_the_schedule_export_reads_back_as_the_same_schedule(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class)
    response = login(world.users["county"]).get(
        reverse("attendance:schedule_export", args=[training_class.pk])
    )
    sessions, invalid = schedule_read(io.BytesIO(b"".join(response.streaming_content)))
    assert not invalid and len(sessions) == 42 and sum(s.hours for s in sessions) == 210


def test_the_template_has_the_spec_header_and_a_guide(world, login):
    response = login(world.users["base"]).get(reverse("attendance:schedule_template"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [c.value for c in wb.worksheets[0][1]] == list(HEADER)
    assert wb.worksheets[1].title == "填写说明"


# --- the attendance grid ---------------------------------------------------------------------------------


def exported_grid(client, training_class) -> Workbook:
    response = client.get(reverse("attendance:attendance_export", args=[training_class.pk]))
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def grid_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def fill(wb, value="出勤"):
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=2):
        for cell in row[3:]:
            cell.value = value
    return wb


def test_the_grid_exports_trainees_by_sessions_with_full_ids_for_the_base_only(setup, world, login):
    _, _, training_class, enrollments = setup
    sessions = full_schedule(training_class, plan=[("theory", 4)] * 2)
    attendance_record(actor=world.users["base"], session=sessions[0], marks={enrollments[0].pk: PRESENT})
    ws = exported_grid(login(world.users["base"]), training_class).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("序号", "姓名", "身份证号码", "2026-06-01 08:00-12:00", "2026-06-02 08:00-12:00")
    ids = {r[2] for r in rows[1:]}
    assert enrollments[0].trainee.id_number in ids
    mine = next(r for r in rows[1:] if r[2] == enrollments[0].trainee.id_number)
    assert mine[3:] == ("出勤", None)
    summary = list(
        exported_grid(login(world.users["base"]), training_class).worksheets[1].iter_rows(values_only=True)
    )
    assert summary[0] == ("序号", "姓名", "身份证号码", "思政", "理论", "实操", "合计", "是否学满", "差额")
    mine = next(r for r in summary[1:] if r[2] == enrollments[0].trainee.id_number)
    # The hours sheet says what the class page says: 4 theory hours attended, 206 short of 210.
    assert mine[3:] == (
        0,
        4,
        0,
        4,
        "否",
        "思政差 10 课时，理论差 106 课时，实操差 90 课时，总课时差 206 课时",
    )
    masked = exported_grid(login(world.users["county"]), training_class).worksheets[0]
    assert enrollments[0].trainee.id_number not in {
        r[2] for r in masked.iter_rows(min_row=2, values_only=True)
    }


def test_a_name_that_looks_like_a_formula_is_exported_as_text(world, login):
    program, base, training_class, _ = delivery_setup(world, trainees=0)

    odd = make_enrollment(program=program, base=base, serial=40, name="=1+1")
    members_assign(actor=world.users["base"], training_class=training_class, enrollments=[odd])
    full_schedule(training_class, plan=[("theory", 4)])
    ws = exported_grid(login(world.users["base"]), training_class).worksheets[0]
    cell = ws.cell(row=2, column=2)
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_a_filled_grid_is_previewed_then_saved_whole(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class, plan=[("theory", 4)] * 3)
    client = login(world.users["base"])
    content = grid_bytes(fill(exported_grid(client, training_class)))
    preview = client.post(
        reverse("attendance:attendance_upload", args=[training_class.pk]), {"file": upload(content)}
    )
    report = preview.context["report"]
    assert (report.accepted, report.rejected, len(report.cells())) == (3, 0, 9)
    assert not Attendance.objects.exists()
    response = client.post(
        reverse("attendance:attendance_commit", args=[training_class.pk]), {"token": preview.context["token"]}
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(status=PRESENT).count() == 9
    detail = client.get(reverse("attendance:class_detail", args=[training_class.pk]))
    assert all(m.hours.total == 12 for m in detail.context["members"])


def test_a_grid_with_one_bad_row_saves_nothing_and_says_why(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class, plan=[("theory", 4)] * 2)
    client = login(world.users["base"])
    wb = fill(exported_grid(client, training_class))
    ws = wb.worksheets[0]
    ws.cell(row=3, column=5).value = "迟到"
    ws.append([9, "外来人", "110101199001011237", "出勤", "出勤"])
    preview = client.post(
        reverse("attendance:attendance_upload", args=[training_class.pk]), {"file": upload(grid_bytes(wb))}
    )
    text = preview.content.decode()
    assert preview.context["report"].rejected == 2
    assert "“2026-06-02 08:00-12:00”一栏应为 出勤、缺勤 或 请假，实为“迟到”" in text
    assert "不是本班学员" in text
    assert "attendance-commit" not in text
    response = client.post(
        reverse("attendance:attendance_commit", args=[training_class.pk]),
        {"token": preview.context["token"]},
        follow=True,
    )
    assert "考勤表未导入" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_grid_with_a_foreign_column_is_refused_as_a_whole(setup, world, login):
    _, _, training_class, _ = setup
    full_schedule(training_class, plan=[("theory", 4)])
    client = login(world.users["base"])
    wb = exported_grid(client, training_class)
    wb.worksheets[0].cell(row=1, column=5).value = "2026-09-01 08:00-12:00"
    response = client.post(
        reverse("attendance:attendance_upload", args=[training_class.pk]), {"file": upload(grid_bytes(wb))}
    )
    assert "第 5 列“2026-09-01 08:00-12:00”不是本班课程安排中的课" in response.content.decode()


# --- manage.py import_attendance ---------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    try:
        call_command("import_attendance", *[str(a) for a in args], stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def grid_file(setup, world, client, tmp_path):
    _, _, training_class, _ = setup
    full_schedule(training_class, plan=[("theory", 4)] * 2)
    client.force_login(world.users["base"])
    path = tmp_path / "考勤.xlsx"
    path.write_bytes(grid_bytes(fill(exported_grid(client, training_class))))
    return training_class, path


def test_the_command_dry_run_reports_and_saves_nothing(grid_file):
    training_class, path = grid_file
    code, out = run(path, "--class", training_class.pk, "--dry-run", "--json")
    data = json.loads(out)
    assert code == 0
    assert (data["accepted"], data["rejected"], data["marks"], data["saved"]) == (3, 0, 6, 0)
    assert not Attendance.objects.exists()


def test_the_command_saves_the_whole_grid(grid_file):
    training_class, path = grid_file
    code, out = run(path, "--class", training_class.pk)
    assert code == 0 and "已保存 6 条考勤" in out
    assert Attendance.objects.filter(session__training_class=training_class).count() == 6


def test_the_command_refuses_a_grid_with_a_bad_row_row_by_row_and_exits_1(grid_file):
    training_class, path = grid_file
    wb = load_workbook(path)
    wb.worksheets[0].cell(row=2, column=4).value = "到了"
    wb.save(path)
    code, out = run(path, "--class", training_class.pk, "--json")
    data = json.loads(out)
    assert code == 1 and data["rejected"] == 1 and data["saved"] == 0
    bad = next(r for r in data["rows"] if r["status"] == "rejected")
    assert bad["row"] == 2 and bad["reasons"][0]["code"] == "invalid_mark"
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--class", "999999"], "没有编号为 999999 的班次"),
        (["--class", "abc"], "班次编号应为数字"),
        ([], "请用 --class 指定班次编号"),
    ],
)
def test_the_command_explains_a_bad_class_and_exits_2(grid_file, args, message):
    _, path = grid_file
    with pytest.raises(CommandError, match=message) as failed:
        call_command("import_attendance", str(path), *args)
    assert failed.value.returncode == 2


def test_the_command_explains_an_unreadable_file_and_exits_2(grid_file, tmp_path):
    training_class, _ = grid_file
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(CommandError, match="无法读取") as failed:
        call_command("import_attendance", str(broken), "--class", str(training_class.pk))
    assert failed.value.returncode == 2

"""Submission: the sender sends a snapshot that stays as sent; the city sees who has not sent."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import AuditEntry
from programs.choices import Level
from stats.models import StatisticsPolicy, Submission
from stats.selectors import statistics_policy
from stats.services import StatisticsError, submission_create
from tests.statistics.factories import stats_world
from tests.trainees.factories import make_enrollment

pytestmark = pytest.mark.django_db


def _county_sends(program):
    policy = statistics_policy(program)
    policy.sender = StatisticsPolicy.Sender.COUNTY
    policy.save()
    return policy


def test_a_submission_stays_as_sent_when_the_data_change_later(world):
    data = stats_world(world)
    program = data["program"]
    _county_sends(program)
    submission = submission_create(program=program, user=world.users["county"], filled_by="王五", phone="1")
    sent_file = submission.file.read()
    sent_figures = dict(submission.figures)
    assert submission.receiver == world.city
    make_enrollment(program=program, base=data["bases"][0], serial=500).save()
    submission.refresh_from_db()
    assert submission.figures == sent_figures
    with submission.file.open("rb") as f:
        assert f.read() == sent_file
    rows = list(load_workbook(io.BytesIO(sent_file)).active.iter_rows(values_only=True))
    total = next(r for r in rows if r[0] == "合计")
    assert sum(v for v in total[1:] if isinstance(v, int) and v) > 0
    trained = sum(c["trained"] for c in sent_figures["cells"])
    assert trained == 7  # county A1 when sent; the new enrolment is not in it
    assert AuditEntry.objects.filter(action="statistics.submit").count() == 1


def test_only_the_sender_the_policy_names_may_submit(world):
    data = stats_world(world)
    _county_sends(data["program"])
    with pytest.raises(StatisticsError, match="县区人社局报送"):
        submission_create(program=data["program"], user=world.users["base"])
    assert not Submission.objects.exists()


def test_the_city_sees_who_has_not_sent_and_downloads_what_was_sent(world, login):
    data = stats_world(world)
    program = data["program"]
    _county_sends(program)
    client = login(world.users["county"])
    response = client.post(
        reverse("statistics:submission_create", args=[program.code]), {"filled_by": "王五", "phone": "0539"}
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    client = login(world.users["city"])
    page = client.get(reverse("statistics:program", args=[program.code])).content.decode()
    assert "未报送 1 个" in page  # 罗庄区 has not sent
    assert "兰山区" in page and "罗庄区" in page
    download = client.get(reverse("statistics:submission_download", args=[submission.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"
    # Another city's clerk does not find it.
    other = login(world.users["city_other"])
    assert other.get(reverse("statistics:submission_download", args=[submission.pk])).status_code == 404


def test_the_dashboard_shows_each_chart_with_its_figures(world, login):
    data = stats_world(world)
    client = login(world.users["city"])
    page = client.get(reverse("statistics:dashboard", args=[data["program"].code])).content.decode()
    assert page.count("<canvas") == 4
    assert "vendor/chartjs/chart.umd.js" in page
    assert "兰山技师学院" in page and Level.TECHNICIAN.label in page
    home = client.get(reverse("home")).content.decode()
    assert 'id="home-charts"' in home


def test_export_statistics_command_writes_the_county_sheet(world, tmp_path):
    from django.core.management import call_command

    data = stats_world(world)
    out = tmp_path / "county.xlsx"
    call_command(
        "export_statistics", "--program", data["program"].code, "--county", "371311", "--out", str(out)
    )
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert "填报单位（盖章）：罗庄区" in [r[0] for r in rows]
    total = next(r for r in rows if r[0] == "合计")
    assert sum(v for v in total[1:] if isinstance(v, int)) == 3  # 2 trained + 1 passed (车工 高级工)


def test_the_city_edits_the_rules_in_the_browser_and_the_deadline_follows(world, login):
    data = stats_world(world)
    program = data["program"]
    client = login(world.users["city"])
    url = reverse("statistics:policy_update", args=[program.code])
    form = {"layout": "by_level_assessed", "sender": "county", "due": "2027-01-10", "archive_years": 4}
    response = client.post(url, form)
    assert "至少保存 5 年" in response.content.decode()
    response = client.post(url, {**form, "archive_years": 6})
    assert response.status_code == 302
    policy = StatisticsPolicy.objects.get(program=program)
    assert (policy.layout, policy.sender, policy.archive_years) == ("by_level_assessed", "county", 6)
    assert policy.deadline.due.isoformat() == "2027-01-10" and policy.deadline.audience == "county"


def test_a_formula_like_name_on_the_sheet_stays_text(world):
    data = stats_world(world)
    make_enrollment(program=data["program"], base=data["bases"][0], serial=900, occupation="=1+1")
    submission = submission_create(program=data["program"], user=world.users["base"], filled_by="王五")
    with submission.file.open("rb") as f:
        sheet = load_workbook(io.BytesIO(f.read())).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_the_dashboard_figures_are_the_scope_counts(world):
    from stats.dashboard import program_dashboard

    data = stats_world(world)
    charts = {c["id"]: c["rows"] for c in program_dashboard(data["program"], world.users["county"])["charts"]}
    by_base = {row["label"]: row for row in charts["by-base"]}
    assert set(by_base) == {"兰山技师学院", "兰山机械厂"}  # county A1 only
    assert (by_base["兰山技师学院"]["enrolled"], by_base["兰山技师学院"]["passed"]) == (5, 3)
    by_level = {row["label"]: row["enrolled"] for row in charts["by-level"]}
    assert by_level == {"技师": 5, "高级技师": 2}

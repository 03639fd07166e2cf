import io
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import User
from bases.models import PlanApplication, Publication, Qualification
from bases.reports import notice_intro
from core.models import Job
from programs.models import Program
from tests.bases.factories import make_plan
from tests.programs.factories import make_program

DATA = Path(settings.BASE_DIR) / "bases" / "data"


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_export_plan_table_reproduces_the_dezhou_annex_1(demo, tmp_path):
    out = tmp_path / "dezhou.xlsx"
    call_command("export_plan_table", program="dezhou-2021", out=str(out), verbosity=0)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "2021年度德州市“金蓝领”技师（高级技师）培训计划表"
    assert rows[1] == ("培训基地", "培训等级", "职业（工种）", "培训计划")
    notice = json.loads((DATA / "dezhou_2021_plan.json").read_text(encoding="utf-8"))
    body = rows[2:]
    position = 0
    level_names = {1: "高级技师/一级", 2: "技师/二级"}  # as the notice's table prints them
    for base in notice["bases"]:
        level = None
        for line in base["lines"]:
            name, row_level, occupation, count = body[position]
            if position == 0 or name:
                assert name in (None, base["name"])
            level = row_level or level
            assert (level, occupation, count) == (
                level_names[line["level"]],
                line["occupation"],
                line["count"],
            )
            position += 1
        assert body[position][1:] == ("合计", None, sum(line["count"] for line in base["lines"]))
        position += 1
    assert body[position] == ("总计", None, None, 1520)


def test_export_plan_table_writes_the_weifang_base_list(demo, tmp_path):
    out = tmp_path / "weifang.xlsx"
    call_command("export_plan_table", program="weifang-2020", out=str(out), verbosity=0)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "2020年度潍坊市青年技师素质提升计划培训基地名单及培训计划"
    assert rows[1] == ("序号", "培训基地", "青年技师素质提升培训计划", "备注")
    assert [r[0] for r in rows[2:9]] == [1, 2, 3, 4, 5, 6, 7]
    assert rows[9][0] == "合计" and rows[9][2] == 800


def test_demo_weifang_plans_name_no_trade_and_keep_the_notices_numbers(demo, tmp_path):
    notice = json.loads((DATA / "weifang_2020_bases.json").read_text(encoding="utf-8"))
    plans = PlanApplication.objects.filter(program__code="weifang-2020").order_by("base__organisation__code")
    assert [
        (
            plan.base.name,
            plan.status,
            [(line.occupation, line.level, line.planned_count) for line in plan.lines.all()],
        )
        for plan in plans
    ] == [(base["name"], "confirmed", [(None, None, base["count"])]) for base in notice["bases"]]
    assert not Qualification.objects.filter(base__plans__program__code="weifang-2020").exists()
    out = tmp_path / "weifang.xlsx"
    call_command("export_plan_table", program="weifang-2020", out=str(out), verbosity=0)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert [(r[1], r[2]) for r in rows[2:9]] == [(b["name"], b["count"]) for b in notice["bases"]]


def test_the_public_notice_says_培训_once(demo):
    # 德州 publishes no notice of plans (its chain has none): the title and text it would get are judged.
    program = Program.objects.get(code="dezhou-2021")
    publication = Publication(program=program, title=Publication.default_title(program))
    assert publication.title == "2021年度德州市“金蓝领”技师（高级技师）培训基地及培训计划公示"
    intro = notice_intro(publication)
    assert "承担2021年度德州市“金蓝领”技师（高级技师）培训任务" in intro
    assert "培训培训" not in intro


@pytest.mark.parametrize(
    ("name", "training_name"),
    [
        ("2021年度德州市“金蓝领”技师（高级技师）培训", "2021年度德州市“金蓝领”技师（高级技师）培训"),
        ("2023年度临沂市“金蓝领”技师培训项目", "2023年度临沂市“金蓝领”技师培训"),
        ("2019年度威海市“金蓝领”培训项目", "2019年度威海市“金蓝领”培训"),
        ("2020年度潍坊市青年技师素质提升计划", "2020年度潍坊市青年技师素质提升计划培训"),
    ],
)
def test_a_programme_name_ends_in_one_培训_in_titles(name, training_name):
    assert Program(name=name).training_name == training_name


def test_the_plan_form_title_does_not_double_培训(world, login, django_capture_on_commit_callbacks):
    plan = make_plan(world, status="submitted")
    Program.objects.filter(pk=plan.program_id).update(name="2021年度德州市“金蓝领”技师（高级技师）培训")
    client = login(world.users["county"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bases:plan_pdf", args=[plan.pk]))
    job = Job.objects.get()
    pdf = b"".join(client.get(reverse("core:job_download", args=[job.pk])).streaming_content)
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    assert "2021年度德州市“金蓝领”技师（高级技师）培训计划申报表" in flat and "培训培训" not in flat


@pytest.mark.parametrize(
    ("layout", "label"),
    [("by_level_occupation", "按职业等级明细"), ("base_list", "按基地汇总")],
)
def test_the_export_button_names_the_layout_not_a_city(world, login, layout, label):
    program = make_program(world)
    Program.objects.filter(pk=program.pk).update(plan_table_layout=layout)
    body = login(world.users["city"]).get(reverse("programs:program_detail", args=[program.code])).content
    text = body.decode()
    assert f"导出培训计划表（{label}）" in text and "德州式" not in text and "潍坊式" not in text


def test_an_unknown_programme_is_a_clear_error_without_traceback(db, tmp_path):
    result = subprocess.run(
        [
            ".venv/bin/python",
            "manage.py",
            "export_plan_table",
            "--program",
            "nope",
            "--out",
            str(tmp_path / "x"),
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (
        result.returncode == 2
        and "项目代码“nope”不存在" in result.stderr
        and "Traceback" not in result.stderr
    )


def test_demo_dezhou_plans_went_through_the_whole_chain(demo):
    plans = PlanApplication.objects.filter(program__code="dezhou-2021")
    assert plans.count() == 5 and set(plans.values_list("status", flat=True)) == {"confirmed"}
    drafts = PlanApplication.objects.filter(
        program__code__in=["linyi-2023", "weihai-2019", "taian-2021"],
        base__organisation__code__endswith="-01",
    )
    assert sorted(drafts.values_list("status", flat=True)) == ["draft", "draft", "draft"]
    # The second 临沂 base's plan went through 临沂's whole chain, public notice included.
    noticed = PlanApplication.objects.get(
        program__code="linyi-2023", base__organisation__code="DEMO-371302-02"
    )
    assert noticed.status == "confirmed" and noticed.publication is not None


def test_the_plan_pdf_job_builds_the_application_form(world, login, django_capture_on_commit_callbacks):
    plan = make_plan(world, status="county_approved")
    client = login(world.users["county"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("bases:plan_pdf", args=[plan.pk]))
    job = Job.objects.get()
    assert response["Location"] == reverse("core:job_detail", args=[job.pk]) and job.status == "succeeded"
    pdf = b"".join(client.get(reverse("core:job_download", args=[job.pk])).streaming_content)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    text = text.decode()
    assert "兰山技师学院" in text and "焊工" in text and "合计" in text and "50" in text
    assert "同意上报" in text  # the county's opinion, stamped
    other = User.objects.get(username="u-county-other")
    client.force_login(other)
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_the_plan_table_job_is_scoped_to_the_citys_programmes(
    world, login, django_capture_on_commit_callbacks
):
    plan = make_plan(world, status="city_approved")
    client = login(world.users["city"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bases:plan_table_export", args=[plan.program.code]))
    job = Job.objects.get()
    assert job.status == "succeeded", job.error
    sheet = load_workbook(io.BytesIO(job.result.read())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1] == ("总计", None, None, 50)

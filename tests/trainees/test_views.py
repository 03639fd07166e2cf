"""The trainee pages: masked lists, personal data on the detail page only for those who need it (and
audited), search, registration with every refusal reason, material uploads, the 花名册 export read back,
commitment letters, filing, and other organisations' trainees never found."""

import datetime
import io
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from import_export.formats.base_formats import XLSX
from openpyxl import load_workbook
from PIL import Image

from core.idcard import mask_id_number, mask_name, mask_phone
from core.models import AuditEntry, Job
from programs.models import Program
from tests.bases.factories import make_base, open_program
from tests.permissions import PERSONAS
from trainees import reports
from trainees.admin import EnrollmentAdmin
from trainees.models import Enrollment, Material, RosterFiling
from trainees.resources import ROSTER_COLUMNS, RosterResource
from trainees.services import enrollment_register, roster_file

from .factories import PDF, PNG, applicant, confirmed_base, id_number, make_enrollment, quota_program

PHONE = "13812345678"


@pytest.fixture
def setup(world) -> dict:
    """Programme test-2026 with confirmed quotas at A1-a (3 trainees) and A1-b (1 trainee); a second
    programme of city A in which A1-a has 1 more trainee."""
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    other_base = confirmed_base(world, program=program, org=world.base_same_county)
    mine = [
        enrollment_register(
            actor=world.users["base"], program=program, base=base, row=applicant(s, phone=f"1381234{s:04d}")
        )
        for s in (1, 3, 5)
    ]
    theirs = enrollment_register(
        actor=world.users["base_same_county"], program=program, base=other_base, row=applicant(7)
    )
    second = quota_program(world, code="test-2026b")
    confirmed_base(world, program=second)
    elsewhere = enrollment_register(actor=world.users["base"], program=second, base=base, row=applicant(9))
    return {
        "program": program,
        "second": second,
        "base": base,
        "other_base": other_base,
        "mine": mine,
        "theirs": theirs,
        "elsewhere": elsewhere,
        "all": [*mine, theirs, elsewhere],
    }


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    """Uploads and job files of this test only, in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def html(response) -> str:
    return response.content.decode()


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {str(p) for p in root.rglob("*") if p.is_file()}


# --- lists ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_the_list_shows_full_data_only_to_the_base_that_entered_it_before_filing(
    persona, world, setup, login
):
    page = html(login(world.users[persona]).get(reverse("trainees:enrollment_list")))
    own = {
        "base": [*setup["mine"], setup["elsewhere"]],
        "base_same_county": [setup["theirs"]],
    }.get(persona, [])
    for enrollment in setup["all"]:
        trainee = enrollment.trainee
        full = enrollment in own
        assert (trainee.id_number in page) is full
        if full or trainee.phone not in {e.trainee.phone for e in own}:  # two share the default phone
            assert (trainee.phone in page) is full
        assert (f">{trainee.name}<" in page) is full
    if persona in ("province", "city", "county"):
        first = setup["mine"][0].trainee
        assert mask_id_number(first.id_number) in page
        assert mask_name(first.name) in page
        assert mask_phone(first.phone) in page


def test_each_role_lists_only_its_scope(world, setup, login):
    def listed(persona: str) -> set[int]:
        response = login(world.users[persona]).get(reverse("trainees:enrollment_list"))
        return {e.pk for e in response.context["page"]}

    everyone = {e.pk for e in setup["all"]}
    assert listed("province") == listed("city") == listed("county") == everyone
    assert listed("base") == {e.pk for e in [*setup["mine"], setup["elsewhere"]]}
    assert listed("base_same_county") == {setup["theirs"].pk}
    assert listed("county_same_city") == listed("city_other") == listed("base_other") == set()


def test_the_list_costs_the_same_queries_for_5_and_60_rows(world, login, django_assert_max_num_queries):
    program = open_program(world)
    base = make_base(world)
    client = login(world.users["city"])
    url = reverse("trainees:enrollment_list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # 9 = the 8 the page always cost plus the one-row query of the scope's base ids, which lets
    # PostgreSQL plan the page on the ordering index (tests/test_list_scale.py); 10 when the scope's
    # occupation pick list is read afresh (cached for a few minutes: trainees.selectors).
    for serial in range(1, 6):
        make_enrollment(program=program, base=base, serial=serial)
    with django_assert_max_num_queries(10):
        client.get(url)
    cache.clear()  # the total is cached per scope for a minute: measure both sizes with it counted
    few = queries()
    for serial in range(6, 61):
        make_enrollment(program=program, base=base, serial=serial)
    cache.clear()  # the total is cached per scope for a minute; count the 60 rows afresh
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.count == 60
    cache.clear()
    assert queries() == few


def test_search_by_name_and_by_id_number(world, setup, login):
    base_staff = login(world.users["base"])
    url = reverse("trainees:enrollment_list")
    target = setup["mine"][1].trainee

    def found(client, q: str) -> set[str]:
        rows = client.get(url, {"q": q}).context["page"]
        shown = Enrollment.objects.filter(pk__in=[row.pk for row in rows])
        return set(shown.values_list("trainee__id_number", flat=True))

    assert found(base_staff, target.name) == {target.id_number}
    assert found(base_staff, target.id_number) == {target.id_number}
    assert found(base_staff, target.id_number[:10]) >= {target.id_number}  # a prefix
    assert found(base_staff, target.id_number[-6:]) == {target.id_number}  # a fragment
    # A county only sees masked IDs, so it may look up a complete number but not guess at fragments.
    county = login(world.users["county"])
    assert found(county, target.id_number) == {target.id_number}
    assert found(county, target.id_number[-6:]) == set()


def test_filters_narrow_the_list(world, setup, login):
    client = login(world.users["city"])
    response = client.get(
        reverse("trainees:enrollment_list"), {"program": setup["program"].pk, "base": setup["base"].pk}
    )
    assert {e.pk for e in response.context["page"]} == {e.pk for e in setup["mine"]}
    assert response.context["can_export"]


# --- detail ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("filed", [False, True], ids=["before filing", "after filing"])
@pytest.mark.parametrize("persona", ["base", "county", "city", "province"])
def test_the_detail_page_follows_the_one_rule_and_audits_other_organisations(
    persona, filed, world, setup, login
):
    """Own base: full, not audited (its own data). County and city: full once the roster is filed with
    them, and every such view is audited. Province: always masked."""
    enrollment = setup["mine"][0]
    if filed:
        roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    full = persona == "base" or (filed and persona in ("county", "city"))
    trainee = enrollment.trainee
    page = html(login(world.users[persona]).get(reverse("trainees:enrollment_detail", args=[enrollment.pk])))

    assert (trainee.id_number in page) is full
    assert (trainee.phone in page) is full
    if not full:
        assert mask_id_number(trainee.id_number) in page
        assert mask_name(trainee.name) in page
    viewed = AuditEntry.objects.filter(action="trainee.view_personal", object_id=str(enrollment.pk))
    audited = full and persona != "base"
    assert viewed.filter(actor=world.users[persona]).count() == (1 if audited else 0)
    assert "持低一级证书满规定年限" in page  # the route it was accepted under
    assert f"第 {enrollment.policy_version.number} 版" in page


@pytest.mark.parametrize("persona", ["base_same_county", "county_same_city", "city_other", "base_other"])
def test_other_organisations_do_not_find_the_trainee(persona, world, setup, login):
    client = login(world.users[persona])
    enrollment = setup["mine"][0]
    assert client.get(reverse("trainees:enrollment_detail", args=[enrollment.pk])).status_code == 404


def test_another_base_cannot_reach_our_trainees_materials_letters_or_roster(world, setup, login):
    enrollment = setup["mine"][0]
    material = Material.objects.create(
        enrollment=enrollment, kind="photo", original_name="a.png", content_type="png", size=10
    )
    client = login(world.users["base_same_county"])
    assert client.get(reverse("trainees:enrollment_detail", args=[enrollment.pk])).status_code == 404
    assert client.get(reverse("trainees:material_download", args=[material.pk])).status_code == 404
    assert client.get(reverse("trainees:commitment_letter", args=[enrollment.pk])).status_code == 404
    upload = SimpleUploadedFile("p.png", PNG, content_type="image/png")
    response = client.post(
        reverse("trainees:material_upload", args=[enrollment.pk]), {"kind": "photo", "file": upload}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("trainees:roster_export"), {"program": setup["program"].code, "base": "T-BASE-A"}
    )
    assert response.status_code == 404
    assert not Job.objects.exists()


# --- registration ----------------------------------------------------------------------------------------


def form_data(program: Program, serial: int = 11, **overrides) -> dict:
    data = {
        "program": program.pk,
        "id_number": id_number(serial),
        "name": "孙立平",
        "sex": "M" if serial % 2 else "F",
        "phone": PHONE,
        "employer": "临沂重工机械有限公司",
        "employer_type": "enterprise",
        "social_insurance": "1",
        "education": "2",
        "cert_occupation": "焊工",
        "cert_level": "3",
        "cert_number": "S2018-11",
        "cert_date": "2018-01-01",
        "years_in_trade": "15",
        "target_occupation": "焊工",
        "target_level": "2",
        "remark": "",
    }
    data.update(overrides)
    return data


def test_registering_an_eligible_applicant_saves_them(world, setup, login):
    client = login(world.users["base"])
    response = client.post(reverse("trainees:enrollment_create"), form_data(setup["program"]))

    enrollment = Enrollment.objects.get(trainee__id_number=id_number(11))
    assert response.status_code == 302
    assert response["Location"] == reverse("trainees:enrollment_detail", args=[enrollment.pk])
    assert (enrollment.base, enrollment.source, enrollment.route) == (setup["base"], "form", "certificate")
    assert enrollment.trainee.phone == PHONE
    assert AuditEntry.objects.filter(action="trainee.create", actor=world.users["base"]).count() == 5


def test_a_refused_registration_lists_every_reason_and_saves_nothing(world, setup, login):
    client = login(world.users["base"])
    before = Enrollment.objects.count()
    young = id_number(11, born=datetime.date(2000, 1, 1))  # 26 on the reference date, under 29
    data = form_data(setup["program"], id_number=young, social_insurance="0")

    response = client.post(reverse("trainees:enrollment_create"), data)

    assert response.status_code == 200
    page = html(response)
    assert "不符合报名条件" in page
    reasons = response.context["refusal"]
    assert {"age_below_min", "social_insurance_missing"} <= {r.code for r in reasons}
    for reason in reasons:
        assert reason.message in page
    assert Enrollment.objects.count() == before


def test_a_full_quota_is_refused_with_the_places_left(world, login):
    program = quota_program(world)
    confirmed_base(world, program=program, plan_lines=(("焊工", 1),))
    client = login(world.users["base"])
    assert client.post(reverse("trainees:enrollment_create"), form_data(program, 11)).status_code == 302

    response = client.post(reverse("trainees:enrollment_create"), form_data(program, 13))

    assert [r.code for r in response.context["refusal"]] == ["quota_full"]
    assert "剩余 0 人" in html(response)
    assert Enrollment.objects.count() == 1


def test_the_live_check_gives_the_decision_and_the_places_left(world, setup, login):
    client = login(world.users["base"])
    url = reverse("trainees:enrollment_evaluate")

    good = client.post(url, form_data(setup["program"])).json()
    assert good["complete"] and good["eligible"]
    assert good["route"] == "certificate"
    assert good["places"] == {
        "scope": "line",
        "occupation": "焊工",
        "level": "技师",
        "what": "焊工（技师）",
        "planned": 30,
        "allowed": 30,
        "used": 3,
        "left": 27,
    }

    known = client.post(url, form_data(setup["program"], 1, social_insurance="0")).json()
    assert not known["eligible"]
    assert {"already_enrolled", "social_insurance_missing"} <= {r["code"] for r in known["reasons"]}

    partial = client.post(url, {"program": setup["program"].pk}).json()
    assert not partial["complete"]
    assert "id_number" in partial["errors"]
    assert Enrollment.objects.count() == 5  # the live check never saves


# --- materials -------------------------------------------------------------------------------------------


def same_picture(stored: bytes, original: bytes) -> bool:
    first, second = Image.open(io.BytesIO(stored)), Image.open(io.BytesIO(original))
    return first.format == second.format and first.size == second.size and first.tobytes() == second.tobytes()


def upload(client, enrollment, name: str, content: bytes, kind: str = "contract"):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(
        reverse("trainees:material_upload", args=[enrollment.pk]), {"kind": kind, "file": file}, follow=True
    )


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("合同.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 512, "contract", "文件类型不符合要求"),
        ("合同.pdf", PDF + b"0" * (5 * 1024 * 1024), "contract", "文件过大"),
        ("照片.pdf", PDF, "photo", "只接受 PNG 图片、JPG 图片"),
        ("空.png", b"", "photo", "所提交的是空文件"),
    ],
    ids=["exe renamed pdf", "over 5 MB", "pdf as photo", "empty"],
)
def test_a_bad_upload_is_refused_in_chinese_and_nothing_is_saved(
    name, content, kind, message, world, setup, login
):
    enrollment = setup["mine"][0]
    before = media_files()

    response = upload(login(world.users["base"]), enrollment, name, content, kind)

    assert message in html(response)
    assert not Material.objects.exists()
    assert media_files() == before
    assert not AuditEntry.objects.filter(action="material.upload").exists()


def test_a_new_upload_replaces_the_old_file_and_is_audited(
    world, setup, login, django_capture_on_commit_callbacks
):
    enrollment = setup["mine"][0]
    client = login(world.users["base"])
    upload(client, enrollment, "身份证.pdf", PDF, "id_copy")
    old = Material.objects.get()
    old_path = old.file.path
    assert os.path.exists(old_path)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, enrollment, "身份证正反面.png", PNG, "id_copy")

    assert "已上传身份证复印件" in html(response)
    material = Material.objects.get()
    assert (material.pk, material.content_type, material.original_name) == (old.pk, "png", "身份证正反面.png")
    assert not os.path.exists(old_path)
    with material.file.open("rb") as handle:
        assert same_picture(handle.read(), PNG)  # re-encoded on upload, pixel for pixel the same
    assert AuditEntry.objects.filter(action="material.upload", object_id=str(enrollment.pk)).count() == 2

    download = client.get(reverse("trainees:material_download", args=[material.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert same_picture(b"".join(download.streaming_content), PNG)


ALL_MATERIALS = [kind for kind, _ in Material.Kind.choices]


@pytest.mark.parametrize(
    ("route", "exception_proof_required"),
    [("certificate", False), ("years", False), ("honour_cert_or_years", True), ("honour_next_level", True)],
)
def test_the_page_lists_the_materials_the_policy_requires_and_the_exception_proof_only_for_an_exception(
    world, login, route, exception_proof_required
):
    # 德州: "本人对提交材料的真实性负法律性责任的说明…破格参加培训的，需提供具备破格条件的有关资料".
    program = quota_program(world, materials_required=ALL_MATERIALS)
    base = confirmed_base(world, program=program)
    enrollment = make_enrollment(program=program, base=base, serial=1)
    Enrollment.objects.filter(pk=enrollment.pk).update(route=route)
    client = login(world.users["base"])
    upload(client, enrollment, "身份证.pdf", PDF, "id_copy")
    upload(client, enrollment, "说明.pdf", PDF, "truth_statement")

    body = html(client.get(reverse("trainees:enrollment_detail", args=[enrollment.pk])))

    expected = ["劳动合同复印件", "证书复印件或工作年限承诺书", "照片"]
    if exception_proof_required:
        expected.append("破格条件的有关资料")
    assert f"尚缺报名材料：{'、'.join(expected)}。" in body
    assert Material.objects.get(kind="truth_statement").get_kind_display() == (
        "本人对提交材料的真实性负法律性责任的说明"
    )


def test_the_materials_are_complete_when_every_required_one_is_uploaded(world, login):
    program = quota_program(world, materials_required=["id_copy", "exception_proof"])
    base = confirmed_base(world, program=program)
    enrollment = make_enrollment(program=program, base=base, serial=1)  # route: certificate
    client = login(world.users["base"])
    assert "尚缺报名材料：身份证复印件。" in html(
        client.get(reverse("trainees:enrollment_detail", args=[enrollment.pk]))
    )
    upload(client, enrollment, "身份证.pdf", PDF, "id_copy")
    body = html(client.get(reverse("trainees:enrollment_detail", args=[enrollment.pk])))
    assert "本项目要求的报名材料已齐全" in body and "尚缺报名材料" not in body


def test_an_upload_after_filing_counts_as_a_change(world, setup, login):
    filing = roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    upload(login(world.users["base"]), setup["mine"][0], "合同.pdf", PDF)
    filing.refresh_from_db()
    assert filing.changes_since_filing == 1
    assert AuditEntry.objects.filter(action="roster.change", object_id=str(filing.pk)).exists()


# --- documents -------------------------------------------------------------------------------------------


def pdf_pages_and_text(data: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return pages, "".join(text.split())


def test_the_commitment_letter_is_one_prefilled_page(world, setup, login, tmp_path):
    enrollment = setup["mine"][0]
    response = login(world.users["base"]).get(reverse("trainees:commitment_letter", args=[enrollment.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    pages, text = pdf_pages_and_text(b"".join(response.streaming_content), tmp_path)
    assert pages == 1
    assert "工作年限承诺证明" in text
    assert enrollment.trainee.id_number in text
    assert enrollment.trainee.name in text
    assert AuditEntry.objects.filter(action="trainee.view_personal", note="打印工作年限承诺证明").exists()


def test_the_commitment_letters_of_a_programme_are_one_merged_pdf(
    world, setup, login, tmp_path, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(reports, "LETTERS_AT_ONCE", 2)  # 3 letters: "big", built by the job
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users["base"]).post(
            reverse("trainees:commitment_letters"), {"program": setup["program"].code}
        )
    job = Job.objects.get(kind="commitment_letters")
    assert response["Location"] == reverse("core:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED, job.error
    pages, text = pdf_pages_and_text(job.result.read(), tmp_path)
    assert pages == 3
    for enrollment in setup["mine"]:
        assert enrollment.trainee.id_number in text


# --- the roster export -------------------------------------------------------------------------------------


def test_the_resource_has_the_dezhou_columns_in_order(setup):
    dataset = RosterResource().export(Enrollment.objects.filter(pk=setup["mine"][0].pk))
    assert dataset.headers == ROSTER_COLUMNS
    assert dataset[0][0] == 1
    assert dataset[0][3] == setup["mine"][0].trainee.id_number


@pytest.mark.parametrize("persona", ["base", "county", "city"])
def test_the_exported_roster_reads_back_as_exactly_that_base_and_programme(
    persona, world, setup, login, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(reports, "ROSTER_ROWS_AT_ONCE", 2)  # 3 rows: "big", built by the job
    program = setup["program"]
    roster_file(actor=world.users["base"], base=setup["base"], program=program)  # county and city: full
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.users[persona]).post(
            reverse("trainees:roster_export"), {"program": program.code, "base": "T-BASE-A"}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="roster_export")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.organisation == world.base

    ws = load_workbook(io.BytesIO(job.result.read())).active
    assert ws["A1"].value == f"{program.name}学员花名册"
    assert ws["A2"].value == "填报单位（盖章）：兰山技师学院"
    heading = [c.value for c in ws[3]]
    assert heading == [
        "序号", "姓名", "性别", "身份证号码", "工作单位", "现职业资格证书", None,
        "工作年限", "参加培训职业（工种）", "培训等级", "联系电话", "备注",
    ]  # fmt: skip
    assert [c.value for c in ws[4]][5:7] == ["职业（工种）", "证书编号"]
    # 证书编号 fits its column when printed: wide enough, and shrunk rather than overflowing.
    assert ws.column_dimensions["G"].width >= 24
    assert ws["G5"].alignment.shrink_to_fit and not ws["G5"].alignment.wrap_text
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:L1", "F3:G3", "A3:A4", "E3:E4", "H3:H4", "L3:L4"} <= merged

    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5)]
    assert [row[0] for row in rows] == [1, 2, 3]
    assert {row[3] for row in rows} == {e.trainee.id_number for e in setup["mine"]}
    first = next(row for row in rows if row[3] == setup["mine"][0].trainee.id_number)
    trainee = setup["mine"][0].trainee
    assert first[1:5] == [trainee.name, trainee.get_sex_display(), trainee.id_number, "临沂重工机械有限公司"]
    assert first[5:] == ["焊工", "S201800001", 15, "焊工", "技师", trainee.phone, None]

    entry = AuditEntry.objects.get(action="trainee.export", actor=world.users[persona])
    assert entry.organisation == world.base
    assert "兰山技师学院" in entry.note and program.name in entry.note and "共 3 人" in entry.note


def test_a_small_roster_is_downloaded_at_once_and_still_recorded_as_a_job(world, setup, login):
    client = login(world.users["base"])
    response = client.post(
        reverse("trainees:roster_export"), {"program": setup["program"].code, "base": "T-BASE-A"}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert len(list(ws.iter_rows(min_row=5))) == 3
    job = Job.objects.get(kind="roster_export")
    assert job.status == Job.Status.SUCCEEDED and job.requested_by == world.users["base"]
    assert AuditEntry.objects.filter(action="trainee.export").count() == 1
    assert AuditEntry.objects.filter(action="job.download", object_id=str(job.pk)).exists()


def test_one_commitment_letter_is_a_one_page_pdf_at_once(world, login, tmp_path):
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    enrollment_register(actor=world.users["base"], program=program, base=base, row=applicant(1))
    response = login(world.users["base"]).post(
        reverse("trainees:commitment_letters"), {"program": program.code}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages, _ = pdf_pages_and_text(b"".join(response.streaming_content), tmp_path)
    assert pages == 1


def test_an_empty_small_export_is_explained_on_the_page_it_came_from(world, login):
    program = quota_program(world)
    confirmed_base(world, program=program)
    response = login(world.users["base"]).post(
        reverse("trainees:roster_export"), {"program": program.code}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("trainees:enrollment_list")
    assert "没有在册学员，没有可导出的花名册" in html(response)


def test_the_admin_exports_the_roster_too_and_it_is_audited(setup, rf, admin_user):
    request = rf.post("/admin/trainees/enrollment/export/")
    request.user = admin_user
    mine = Enrollment.objects.filter(pk__in=[e.pk for e in setup["mine"]]).select_related(
        "trainee", "occupation"
    )

    data = EnrollmentAdmin(Enrollment, admin.site).get_export_data(XLSX(), request, mine)

    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == ROSTER_COLUMNS
    assert {row[3] for row in ws.iter_rows(min_row=2, values_only=True)} == {
        e.trainee.id_number for e in setup["mine"]
    }
    entry = AuditEntry.objects.get(action="trainee.export")
    assert entry.actor == admin_user and "共 3 人" in entry.note


def test_reviewers_must_name_the_base_to_export(world, setup, login):
    response = login(world.users["county"]).post(
        reverse("trainees:roster_export"), {"program": setup["program"].code}, follow=True
    )
    assert "请先选择培训项目和培训基地" in html(response)
    assert not Job.objects.exists()


# --- filing -----------------------------------------------------------------------------------------------


def test_the_base_files_and_its_county_returns_then_acknowledges(world, setup, login):
    program = setup["program"]
    base_staff = login(world.users["base"])
    response = base_staff.post(reverse("trainees:filing_create"), {"program": program.code}, follow=True)
    assert "已向县区报备花名册（3 人）" in html(response)
    filing = RosterFiling.objects.get(base=setup["base"], program=program)
    again = base_staff.post(reverse("trainees:filing_create"), {"program": program.code}, follow=True)
    assert "无需重复报备" in html(again)

    county = login(world.users["county"])
    listed = county.get(reverse("trainees:filing_list"))
    assert [f.pk for f in listed.context["page"]] == [filing.pk]
    # The county's buttons come from the filing's step table.
    assert [f.step.name for f in listed.context["rows"][0][1]] == ["acknowledge", "return"]
    give_back = reverse("trainees:filing_return", args=[filing.pk])
    assert "请填写退回理由" in html(county.post(give_back, {"opinion": ""}, follow=True))
    county.post(give_back, {"opinion": "缺少劳动合同"})
    filing.refresh_from_db()
    assert (filing.status, filing.review_note) == (RosterFiling.Status.RETURNED, "缺少劳动合同")

    login(world.users["base"]).post(reverse("trainees:filing_create"), {"program": program.code})
    login(world.users["county"]).post(reverse("trainees:filing_acknowledge", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == RosterFiling.Status.ACKNOWLEDGED


def test_the_filing_list_shows_counts_and_changes_in_scope(world, setup, login):
    roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    enrollment_register(
        actor=world.users["base"], program=setup["program"], base=setup["base"], row=applicant(21)
    )
    page = login(world.users["city"]).get(reverse("trainees:filing_list")).context["page"]
    (filing,) = page
    assert (filing.enrollment_count, filing.current_count, filing.changes_since_filing) == (3, 4, 1)
    assert not login(world.users["county_same_city"]).get(reverse("trainees:filing_list")).context["page"]
    assert not login(world.users["base_same_county"]).get(reverse("trainees:filing_list")).context["page"]


def test_the_county_is_asked_naturally_before_acknowledging_a_filing(world, setup, login):
    filing = roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    body = login(world.users["county"]).get(reverse("trainees:filing_list")).content.decode()
    assert 'data-confirm="确认对该花名册予以备案吗？"' in body and "确定确认" not in body
    # Dates and timestamps read the one way the portal writes them (config/formats/zh_Hans).
    filed_at = timezone.localtime(filing.filed_at)
    assert f"{filed_at.year}年{filed_at.month}月{filed_at.day}日 {filed_at:%H:%M}" in body


def test_the_registration_page_offers_only_running_programmes(world, setup, login):
    response = login(world.users["base"]).get(reverse("trainees:enrollment_create"))
    assert set(response.context["form"].fields["program"].queryset) == {setup["program"], setup["second"]}

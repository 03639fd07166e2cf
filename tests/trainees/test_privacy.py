"""Personal data (issues 9.4, 9.5, 9.10, 10.15): one rule for who sees full values, applied to pages,
letters, materials and exports alike; search and the live check that cannot be used to recover what
masking hides; another organisation's person record never overwritten."""

import datetime
import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from core.idcard import mask_id_number, mask_name
from core.models import AuditEntry, Job
from programs.models import Program
from trainees.models import Enrollment, Trainee
from trainees.privacy import sees_personal_data
from trainees.services import enrollment_register, roster_file

from .factories import applicant, confirmed_base, id_number, make_material, quota_program

SEARCH_LIMIT = settings.PERSONAL_LOOKUP_LIMITS["search"][0]
CHECK_LIMIT = settings.PERSONAL_LOOKUP_LIMITS["check"][0]


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def setup(world) -> dict:
    program = quota_program(world)
    base = confirmed_base(world, program=program)
    other_base = confirmed_base(world, program=program, org=world.base_same_county)
    target = enrollment_register(
        actor=world.users["base"], program=program, base=base, row=applicant(3, name="李建国")
    )
    namesake = enrollment_register(
        actor=world.users["base"], program=program, base=base, row=applicant(5, name="李卫国")
    )
    return {
        "program": program,
        "base": base,
        "other_base": other_base,
        "target": target,
        "namesake": namesake,
    }


def listed(client, q: str) -> tuple[set[str], str]:
    response = client.get(reverse("trainees:enrollment_list"), {"q": q})
    shown = Enrollment.objects.filter(pk__in=[row.pk for row in response.context["page"]])
    return set(shown.values_list("trainee__id_number", flat=True)), response.content.decode()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return "".join(text.split())


# --- the one rule ---------------------------------------------------------------------------------------


def test_the_rule_base_always_reviewers_after_filing_province_never(world, setup):
    target = setup["target"]
    users = world.users
    assert sees_personal_data(users["base"], target)
    for persona in ("county", "city", "province", "base_same_county", "county_other", "city_other"):
        assert not sees_personal_data(users[persona], target), persona

    roster_file(actor=users["base"], base=setup["base"], program=setup["program"])

    assert sees_personal_data(users["county"], target)
    assert sees_personal_data(users["city"], target)
    for persona in ("province", "base_same_county", "county_same_city", "county_other", "city_other"):
        assert not sees_personal_data(users[persona], target), persona


def test_base_staff_tell_apart_two_masked_namesakes_in_their_own_list(world, setup, login):
    _, page = listed(login(world.users["base"]), "")
    assert "李建国" in page and "李卫国" in page
    assert setup["target"].trainee.id_number in page
    assert not AuditEntry.objects.filter(action="trainee.view_personal").exists()  # their own data


def test_before_filing_the_county_gets_masked_letters_and_roster_and_no_scans(
    world, setup, login, tmp_path, django_capture_on_commit_callbacks
):
    target = setup["target"]
    material = make_material(target)
    county = login(world.users["county"])

    letter = county.get(reverse("trainees:commitment_letter", args=[target.pk]))
    text = pdf_text(b"".join(letter.streaming_content), tmp_path)
    assert target.trainee.id_number not in text and "李建国" not in text
    assert mask_id_number(target.trainee.id_number) in text

    refused = county.get(reverse("trainees:material_download", args=[material.pk]), follow=True)
    assert "报名材料仅培训基地可下载" in refused.content.decode()
    assert "attachment" not in refused.get("Content-Disposition", "")

    with django_capture_on_commit_callbacks(execute=True):
        county.post(reverse("trainees:roster_export"), {"program": setup["program"].code, "base": "T-BASE-A"})
    job = Job.objects.get(kind="roster_export")
    assert job.status == Job.Status.SUCCEEDED, job.error
    ws = load_workbook(io.BytesIO(job.result.read())).active
    ids = {row[3] for row in ws.iter_rows(min_row=5, values_only=True)}
    names = {row[1] for row in ws.iter_rows(min_row=5, values_only=True)}
    assert ids == {mask_id_number(e.trainee.id_number) for e in (target, setup["namesake"])}
    assert names == {mask_name("李建国"), mask_name("李卫国")}


def test_after_filing_the_county_gets_the_full_letter_and_the_scan_audited(world, setup, login, tmp_path):
    target = setup["target"]
    material = make_material(target)
    roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    county = login(world.users["county"])

    letter = county.get(reverse("trainees:commitment_letter", args=[target.pk]))
    assert target.trainee.id_number in pdf_text(b"".join(letter.streaming_content), tmp_path)
    download = county.get(reverse("trainees:material_download", args=[material.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    viewed = AuditEntry.objects.filter(action="trainee.view_personal", actor=world.users["county"])
    assert viewed.count() == 2


# --- search that reveals nothing --------------------------------------------------------------------------


def test_probing_candidate_id_numbers_is_limited_and_audited(world, setup, login):
    """The attack of issue 9.4: a county that sees 3703**********xxxx tries full candidates one by one.
    It is stopped after the limit with a Chinese message, before reaching the real number."""
    county = login(world.users["county"])
    candidates = [
        id_number(serial, born=datetime.date(1985, 6, 2)) for serial in range(100, 100 + SEARCH_LIMIT)
    ]
    for candidate in candidates:
        found, _ = listed(county, candidate)
        assert found == set()

    found, page = listed(county, setup["target"].trainee.id_number)

    assert found == set()
    assert "查询过于频繁" in page
    lookups = AuditEntry.objects.filter(action="trainee.lookup", actor=world.users["county"])
    assert lookups.count() == SEARCH_LIMIT
    assert all(setup["target"].trainee.id_number[:6] not in e.note for e in lookups)  # kept masked


def test_a_complete_id_number_is_found_once_and_paging_does_not_count_again(world, setup, login):
    county = login(world.users["county"])
    number = setup["target"].trainee.id_number
    assert listed(county, number)[0] == {number}
    assert listed(county, number)[0] == {number}
    assert AuditEntry.objects.filter(action="trainee.lookup").count() == 1


def test_masked_users_cannot_search_fragments_or_name_characters(world, setup, login):
    county = login(world.users["county"])
    number = setup["target"].trainee.id_number
    assert listed(county, number[:10])[0] == set()  # the old code refused this too
    assert listed(county, number[-8:])[0] == set()
    # Which masked names contain 建? The old code answered; now only a complete name or the masked form.
    assert listed(county, "建")[0] == set()
    assert listed(county, "李建")[0] == set()
    assert listed(county, "李建国")[0] == {number}
    assert listed(county, "李*国")[0] == {number, setup["namesake"].trainee.id_number}
    assert listed(county, mask_id_number(number))[0] == {number}


def test_those_who_see_full_data_search_as_before(world, setup, login):
    staff = login(world.users["base"])
    number = setup["target"].trainee.id_number
    assert listed(staff, "建")[0] == {number}
    assert listed(staff, number[-6:])[0] == {number}
    assert not AuditEntry.objects.filter(action="trainee.lookup").exists()

    roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    county = login(world.users["county"])
    assert listed(county, number[-6:])[0] == {number}  # filed: the county sees these in full


# --- no overwrite across organisations ---------------------------------------------------------------


def test_another_organisations_registration_never_changes_the_person_record(world, setup, login):
    target = setup["target"]
    other_program = quota_program(world, code="dezhou-2026", city=world.city_other)
    # A later training period: no overlap, so 德州 may enrol the same person.
    Program.objects.filter(pk=other_program.pk).update(
        training_start=datetime.date(2027, 3, 1), training_end=datetime.date(2027, 9, 30)
    )
    other_program.refresh_from_db()
    other_base = confirmed_base(world, program=other_program, org=world.base_other)
    theirs = enrollment_register(
        actor=world.users["base_other"],
        program=other_program,
        base=other_base,
        row=applicant(3, name="李建华", phone="13700001111", employer="德州重工"),
    )

    person = Trainee.objects.get(pk=target.trainee_id)
    assert (person.name, person.phone) == ("李建国", target.phone)
    assert (theirs.name, theirs.phone, theirs.employer) == ("李建华", "13700001111", "德州重工")

    page = login(world.users["base_other"]).get(reverse("trainees:enrollment_detail", args=[theirs.pk]))
    text = page.content.decode()
    assert "李建华" in text and "13700001111" in text
    assert 'id="person-differs"' in text and "姓名、联系电话" in text
    assert "李建国" not in text  # the other organisation's values are not disclosed
    ours = login(world.users["base"]).get(reverse("trainees:enrollment_detail", args=[target.pk]))
    assert "李建国" in ours.content.decode() and 'id="person-differs"' not in ours.content.decode()


def test_the_same_base_may_update_the_person_it_recorded(world, setup):
    second = quota_program(world, code="test-2026b")
    Program.objects.filter(pk=second.pk).update(
        training_start=datetime.date(2027, 3, 1), training_end=datetime.date(2027, 9, 30)
    )
    second.refresh_from_db()
    confirmed_base(world, program=second)
    enrollment_register(
        actor=world.users["base"],
        program=second,
        base=setup["base"],
        row=applicant(3, name="李建国", phone="13600000000"),
    )
    assert Trainee.objects.get(pk=setup["target"].trainee_id).phone == "13600000000"


# --- the live check across bases ---------------------------------------------------------------------------


def _check(client, program, serial: int):
    data = {
        "program": program.pk,
        "id_number": id_number(serial),
        "name": "孙立平",
        "employer_type": "enterprise",
        "social_insurance": "1",
        "cert_occupation": "焊工",
        "cert_level": "3",
        "cert_date": "2018-01-01",
        "years_in_trade": "15",
        "target_occupation": "焊工",
        "target_level": "2",
    }
    return client.post(reverse("trainees:enrollment_evaluate"), data).json()


def test_the_live_check_says_only_elsewhere_and_is_limited(world, setup, login):
    other = login(world.users["base_same_county"])
    answer = _check(other, setup["program"], 3)
    reason = next(r for r in answer["reasons"] if r["code"] == "already_enrolled")
    assert "其他培训基地" in reason["message"]
    assert setup["base"].name not in reason["message"] and "兰山" not in reason["message"]

    for serial in range(200, 200 + CHECK_LIMIT - 1):
        assert _check(other, setup["program"], serial)["complete"]
    assert _check(other, setup["program"], 3)["complete"]  # the same number again is not counted
    limited = _check(other, setup["program"], 999)
    assert limited["limited"] and "查询过于频繁" in limited["message"]
    assert not limited["complete"]


def test_a_reviewers_list_with_filed_trainees_in_full_is_audited(world, setup, login):
    county = login(world.users["county"])
    listed(county, "")
    assert not AuditEntry.objects.filter(action="trainee.view_personal").exists()  # all masked
    roster_file(actor=world.users["base"], base=setup["base"], program=setup["program"])
    _, page = listed(county, "")
    assert setup["target"].trainee.id_number in page
    entry = AuditEntry.objects.get(action="trainee.view_personal", actor=world.users["county"])
    assert "2 人" in entry.note

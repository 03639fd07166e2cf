"""Filing, amendment, spot-check and integrity pages: the base's filing refused with the breaches shown in
Chinese, the reviewer's queue, a held change approved from the filing page, a spot check refused with
nothing saved, the coverage page, and integrity findings listed per class with masked names."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attendance.filing import FILING_WORKFLOW, filing_of, scheme_save, teacher_add
from attendance.models import Amendment, SchemeFiling, Session, SpotCheck
from attendance.services import attendance_record
from programs.presets import PRESETS
from tests.trainees.factories import PDF

from .factories import FIRST_DAY, delivery_setup, full_schedule


def _scheme(world, **policy):
    _, _, training_class, enrollments = delivery_setup(world, **policy)
    full_schedule(training_class)
    filing = filing_of(training_class)
    scheme_save(actor=world.users["base"], filing=filing, outline="大纲", textbooks="教材")
    return training_class, filing, enrollments


def test_filing_with_a_breach_is_refused_with_the_reasons_shown(world, login):
    _, _, training_class, _ = delivery_setup(world)
    full_schedule(training_class, plan=[("theory", 5)] * 4)
    client = login(world.users["base"])
    page = client.get(reverse("attendance:filing_detail", args=[training_class.pk]))
    assert "总课时" in page.content.decode() and "报送开班备案" in page.content.decode()
    filing = SchemeFiling.objects.get(training_class=training_class)
    answer = client.post(reverse("attendance:filing_file", args=[filing.pk]), follow=True)
    text = answer.content.decode()
    assert "方案不符合要求，不能备案" in text and "未列入师资名单" in text
    filing.refresh_from_db()
    assert filing.status == SchemeFiling.Status.DRAFT


def test_the_reviewer_sees_the_filing_in_its_queue_and_acknowledges_it(world, login):
    training_class, filing, _ = _scheme(world)
    teacher_add(actor=world.users["base"], filing=filing, data={"name": "王老师", "qualification": "other"})
    base = login(world.users["base"])
    base.post(reverse("attendance:filing_file", args=[filing.pk]))
    filing.refresh_from_db()
    assert filing.status == SchemeFiling.Status.FILED
    county = login(world.users["county"])
    queue = county.get(reverse("attendance:filing_queue")).content.decode()
    assert training_class.name in queue
    # Another county of the city neither sees it nor can take the step.
    other = login(world.users["county_same_city"])
    assert training_class.name not in other.get(reverse("attendance:filing_queue")).content.decode()
    assert other.post(reverse("attendance:filing_acknowledge", args=[filing.pk])).status_code == 404
    county = login(world.users["county"])
    county.post(reverse("attendance:filing_acknowledge", args=[filing.pk]), {"opinion": "同意备案"})
    filing.refresh_from_db()
    assert filing.status == SchemeFiling.Status.ACKNOWLEDGED and filing.reviewed_by == world.users["county"]


def test_a_held_change_is_approved_from_the_filing_page(world, login):
    training_class, filing, _ = _scheme(world, amendment_needs_approval=True)
    teacher_add(actor=world.users["base"], filing=filing, data={"name": "王老师", "qualification": "other"})
    filing = FILING_WORKFLOW.run("file", actor=world.users["base"], obj=filing)
    FILING_WORKFLOW.run("acknowledge", actor=world.users["county"], obj=filing)
    session = training_class.sessions.order_by("day").first()
    base = login(world.users["base"])
    answer = base.post(
        reverse("attendance:session_update", args=[session.pk]),
        {
            "day": session.day.isoformat(),
            "start": "08:00",
            "end": "12:00",
            "category": "theory",
            "content": "换了内容",
            "teacher": "王老师",
            "mode": "offline",
            "hours": "5",
            "place": "实训楼 201",
        },
        follow=True,
    )
    assert "已提交变更申请" in answer.content.decode()
    session.refresh_from_db()
    assert session.content != "换了内容"
    amendment = Amendment.objects.get(status=Amendment.Status.PENDING)
    county = login(world.users["county"])
    page = county.get(reverse("attendance:filing_detail", args=[training_class.pk])).content.decode()
    assert "换了内容" in page and "批准" in page
    assert "换了内容" in county.get(reverse("attendance:filing_queue")).content.decode()
    county.post(reverse("attendance:amendment_decide", args=[amendment.pk]), {"decision": "approve"})
    session.refresh_from_db()
    assert session.content == "换了内容"


def test_a_spot_check_without_the_record_is_refused_and_nothing_saved(world, login):
    _, _, training_class, _ = delivery_setup(world)
    session = full_schedule(training_class)[0]
    client = login(world.users["city"])
    url = reverse("attendance:spot_check_create", args=[session.pk])
    assert "应到人数" in client.get(url).content.decode()
    data = {
        "inspectors": "张明",
        "checked_at": f"{session.day:%Y-%m-%d}T09:00",
        "content_matches": "1",
        "teacher_matches": "1",
        "time_matches": "1",
        "place_matches": "1",
        "expected": "3",
        "present": "3",
    }
    answer = client.post(url, data)
    assert answer.status_code == 200 and not SpotCheck.objects.exists()
    answer = client.post(url, {**data, "record_scan": SimpleUploadedFile("r.pdf", PDF)})
    check = SpotCheck.objects.get()
    assert answer.status_code == 302 and answer.url == reverse(
        "attendance:spot_check_detail", args=[check.pk]
    )
    # The list no longer shows the class as unchecked.
    listing = client.get(reverse("attendance:spot_check_list")).content.decode()
    assert "所有班次均已抽查" in listing


def test_integrity_findings_are_listed_per_class_with_masked_names(world, login):
    _, _, training_class, enrollments = delivery_setup(world)
    common = {"training_class": training_class, "day": FIRST_DAY, "category": "theory", "mode": "offline"}
    s1 = Session.objects.create(
        **common, start=datetime.time(8), end=datetime.time(12), hours=Decimal(5), teacher="王老师", place="A"
    )
    s2 = Session.objects.create(
        **common, start=datetime.time(9), end=datetime.time(10), hours=Decimal(1), teacher="钱老师", place="B"
    )
    for session in (s1, s2):
        attendance_record(actor=world.users["base"], session=session, marks={enrollments[0].pk: "present"})
    name = enrollments[0].trainee.name
    page = login(world.users["county"]).get(reverse("attendance:integrity_list")).content.decode()
    assert "同一人同一时段在两处出勤" in page and training_class.name in page
    assert name not in page and name[0] + "*" in page
    other = login(world.users["city_other"]).get(reverse("attendance:integrity_list")).content.decode()
    assert "未发现疑点" in other


@pytest.mark.parametrize(
    ("code", "reviewer", "qualified", "approval", "every_class", "cross"),
    [
        ("linyi-2023", "county", False, False, False, None),
        ("weihai-2019", "county", True, False, False, None),
        ("dezhou-2021", "city", False, False, False, None),
        ("weifang-2020", "county", True, True, True, None),
        ("taian-2021", "county", False, False, False, 3),
    ],
)
def test_the_presets_reproduce_the_notices_filing_rules(
    code, reviewer, qualified, approval, every_class, cross
):
    preset = PRESETS[code]
    assert preset["scheme_reviewer"] == reviewer
    assert preset.get("teacher_qualification_required", False) == qualified
    assert preset.get("amendment_needs_approval", False) == approval
    assert preset.get("spot_check_every_class", False) == every_class
    assert preset.get("cross_inspection_min_classes") == cross


def test_a_bureau_reading_an_unfiled_class_writes_nothing(world, login):
    _, _, training_class, _ = delivery_setup(world)
    page = login(world.users["province"]).get(reverse("attendance:filing_detail", args=[training_class.pk]))
    assert page.status_code == 200 and "未备案" in page.content.decode()
    assert not SchemeFiling.objects.exists()


def test_a_county_finds_the_other_countys_sessions_to_cross_inspect(world, login):
    from django.utils import timezone

    _, _, training_class, _ = delivery_setup(world, cross_inspection_min_classes=3)
    today = Session.objects.create(
        training_class=training_class,
        day=timezone.localdate(),
        start=datetime.time(8),
        end=datetime.time(9),
        category="theory",
        mode="offline",
        hours=Decimal(1),
        content="今日课程",
    )
    page = login(world.users["county_same_city"]).get(reverse("attendance:spot_check_list")).content.decode()
    assert "今日课程" in page and reverse("attendance:spot_check_create", args=[today.pk]) in page
    own = login(world.users["county"]).get(reverse("attendance:spot_check_list")).content.decode()
    assert "交叉互查：其他县区" not in own
    assert (
        "今日课程"
        not in login(world.users["county_other"]).get(reverse("attendance:spot_check_list")).content.decode()
    )

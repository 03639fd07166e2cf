"""Demo scheme filing and spot checks (seed_demo, after attendance.demo): the 德州 2021 classes' schemes
filed by 德州职业技术学院 and acknowledged by the city (德州's reviewer), one amendment recorded after
acknowledgement (a practical session moved to another workshop), and one spot check by the city bureau
with its signed record. Idempotent: a class whose scheme is already filed is left as it is."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from bases.models import Base
from programs.demo import at
from programs.models import Program

from .choices import Category
from .demo import BASE_CODE, CLASSES, PROGRAM, STAFF
from .filing import FILING_WORKFLOW, filing_of, scheme_save, teacher_add
from .models import Amendment, SchemeFiling, SpotCheck, TrainingClass
from .services import SESSION_FIELDS, session_save
from .spotchecks import SpotCheckData, spot_check_record

CITY_REVIEWER = "dezhou"
# A one-page PDF standing in for the scan of the signed check record.
RECORD = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed() -> None:
    program = Program.objects.get(code=PROGRAM)
    base = Base.objects.get(organisation__code=BASE_CODE)
    staff = User.objects.get(username=STAFF)
    reviewer = User.objects.get(username=CITY_REVIEWER)
    for number, (name, occupation, teacher, first_day, _) in enumerate(CLASSES):
        training_class = TrainingClass.objects.filter(program=program, base=base, name=name).first()
        if training_class is None:
            continue
        filing = filing_of(training_class)
        if filing.status != SchemeFiling.Status.DRAFT:
            continue
        scheme_save(
            actor=staff,
            filing=filing,
            outline=f"{occupation}技师培训大纲：思政 10 课时，理论 110 课时（{occupation}专业知识、工匠精神、"
            "安全生产等），实操 90 课时（典型工作任务训练）。",
            textbooks=f"《{occupation}（技师）》国家职业技能等级认定培训教程，中国劳动社会保障出版社。",
        )
        teacher_add(actor=staff, filing=filing, data={"name": "王建军", "qualification": "senior_title"})
        teacher_add(
            actor=staff,
            filing=filing,
            data={
                "name": teacher,
                "qualification": "senior_technician",
                "certificate": f"GJ{number + 1:04d}",
            },
        )
        filing = FILING_WORKFLOW.run("file", actor=staff, obj=filing)
        filing = FILING_WORKFLOW.run("acknowledge", actor=reviewer, obj=filing, opinion="同意备案。")
        filed, reviewed = (
            at(first_day - datetime.timedelta(days=7), 9),
            at(first_day - datetime.timedelta(days=5), 15),
        )
        SchemeFiling.objects.filter(pk=filing.pk).update(filed_at=filed, reviewed_at=reviewed)
        if number == 0:
            _amend(training_class, staff, first_day)
            _spot_check(training_class, reviewer)


def _amend(training_class: TrainingClass, staff: User, first_day: datetime.date) -> None:
    """The first 实操 session moved to the new workshop: recorded as an amendment (德州 needs no approval)."""
    session = training_class.sessions.filter(category=Category.PRACTICE).order_by("day", "start").first()
    data = {name: getattr(session, name) for name in SESSION_FIELDS}
    data["place"] = "实训中心 3 号楼（新实训车间）"
    saved = session_save(actor=staff, training_class=training_class, data=data, session=session)
    Amendment.objects.filter(pk=saved.amendment.pk).update(
        requested_at=at(first_day + datetime.timedelta(days=20), 16)
    )


def _spot_check(training_class: TrainingClass, inspector: User) -> None:
    session = training_class.sessions.filter(category=Category.THEORY).order_by("day", "start")[5]
    if SpotCheck.objects.filter(session=session).exists():
        return
    spot_check_record(
        actor=inspector,
        session=session,
        data=SpotCheckData(
            inspectors="德州市人社局 张明、李华",
            checked_at=at(session.day, 10),
            content_matches=True,
            teacher_matches=True,
            time_matches=True,
            place_matches=True,
            present=training_class.members.count(),
            expected=training_class.members.count(),
            problems="未发现问题。",
        ),
        record_scan=SimpleUploadedFile("现场抽查记录.pdf", RECORD),
    )

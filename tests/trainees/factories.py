"""Builders for trainee tests: bases whose quota went through the whole plan chain to CONFIRMED, valid
applicants as roster rows, and enrolments written straight to the database for list-sized data."""

import datetime
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from bases import services as plan_services
from bases.models import Base, PlanApplication, Publication
from core.idcard import birth_date_from_id, sex_from_id
from programs.choices import Education, EmployerType, Level
from programs.eligibility import Facts
from programs.models import Occupation, Program
from tests.bases.factories import lines, make_base, make_plan, open_program
from tests.ids import make_id
from trainees.models import Enrollment, Material, Trainee
from trainees.roster import RosterRow

NAMES = ["王小明", "李建国", "张海涛", "刘红梅", "陈志强", "杨秀英", "赵立新", "黄文华", "周德胜", "吴桂兰"]
BORN = datetime.date(1985, 6, 1)  # 40 on the test programmes' reference date 2026-05-01


def confirmed_base(world, *, program: Program, org=None, plan_lines=None) -> Base:
    """A base (default: A1-a) with a CONFIRMED plan in ``program``: the real steps, then a public notice
    whose period is over, closed without objection. Default lines: 焊工 30 and 电工 20 (技师)."""
    org = org or world.base
    base = Base.objects.filter(organisation=org).first() or make_base(world, org)
    county = org.county.users.first()
    city = org.city.users.first()
    if plan_lines is None and org.county == world.county:
        plan = make_plan(world, program=program, base=base, status="city_approved")
    else:
        staff = base.organisation.users.first()
        plan = plan_services.plan_create(actor=staff, base=base, program=program)
        plan_services.plan_lines_save(
            actor=staff,
            plan=plan,
            lines=lines(
                *(plan_lines or (("焊工", 30), ("电工", 20))),
                start=program.training_start or datetime.date(program.year, 6, 1),
            ),
        )
        plan = plan_services.plan_submit(actor=staff, plan=plan, opinion="同意申报")
        plan = plan_services.plan_stamp(actor=county, plan=plan, opinion="同意上报")
        plan = plan_services.plan_approve(actor=city, plan=plan, opinion="同意")
    today = timezone.localdate()
    publication = plan_services.notice_publish(
        actor=city,
        program=program,
        plans=[plan],
        title=Publication.default_title(program),
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=3),
    )
    plan_services.notice_close(actor=city, publication=publication)
    plan.refresh_from_db()
    assert plan.status == PlanApplication.Status.CONFIRMED
    return base


def quota_program(world, *, code: str = "test-2026", tolerance: str | None = None, **kwargs) -> Program:
    """An open 临沂-like programme of city A (技师; certificate or years route)."""
    policy = {"enrolment_tolerance": Decimal(tolerance)} if tolerance else {}
    return open_program(world, code=code, **policy, **kwargs)


def id_number(serial: int, *, born: datetime.date = BORN) -> str:
    return make_id(born, sequence=serial)


def applicant(
    serial: int = 1,
    *,
    born: datetime.date = BORN,
    occupation: str = "焊工",
    level: int = Level.TECHNICIAN,
    phone: str = "13812345678",
    remark: str = "",
    name: str | None = None,
    **facts,
) -> RosterRow:
    """An applicant eligible for the test programmes: 高级工 in the trade since 2018 (certificate route),
    social insurance, employed by an enterprise. ``facts`` override Facts fields."""
    number = id_number(serial, born=born)
    values = {
        "id_number": number,
        "name": name or NAMES[serial % len(NAMES)],
        "sex": sex_from_id(number),
        "employer": "临沂重工机械有限公司",
        "employer_type": EmployerType.ENTERPRISE,
        "social_insurance": True,
        "education": Education.HIGH_SCHOOL,
        "cert_occupation": occupation,
        "cert_level": Level.SENIOR_WORKER,
        "cert_number": f"S2018{serial:05d}",
        "cert_date": datetime.date(2018, 1, 1),
        "years_in_trade": 15,
        "target_occupation": occupation,
    }
    values.update(facts)
    return RosterRow(
        row=serial + 1, facts=Facts(**values), target_level=level, phone=phone, remark=remark, honour_text=""
    )


def make_enrollment(
    *,
    program: Program,
    base: Base,
    serial: int,
    occupation: str = "焊工",
    name: str | None = None,
    phone: str = "13912345678",
    created_by=None,
) -> Enrollment:
    """An enrolment written straight to the database (no eligibility, no quota): for pages that only need
    rows to show. Real registrations go through trainees.services."""
    number = id_number(serial)
    trainee, _ = Trainee.objects.get_or_create(
        id_number=number,
        defaults={
            "name": name or NAMES[serial % len(NAMES)],
            "sex": sex_from_id(number),
            "birth_date": birth_date_from_id(number),
            "phone": phone,
        },
    )
    occupation_obj, _ = Occupation.objects.get_or_create(name=occupation)
    return Enrollment.objects.create(
        trainee=trainee,
        name=name or trainee.name,
        phone=phone,
        program=program,
        base=base,
        occupation=occupation_obj,
        level=Level.TECHNICIAN,
        employer="临沂重工机械有限公司",
        employer_type=EmployerType.ENTERPRISE,
        social_insurance=True,
        cert_occupation=occupation,
        cert_level=Level.SENIOR_WORKER,
        cert_number=f"S2018{serial:05d}",
        cert_date=datetime.date(2018, 1, 1),
        years_in_trade=15,
        route="certificate",
        policy_version=program.policy,
        reference_date=program.reference_date or datetime.date(2026, 5, 1),
        source=Enrollment.Source.FORM,
        created_by=created_by,
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 50), (30, 60, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()  # a real, decodable picture: a bare signature is refused as a photo
PDF = b"%PDF-1.4\n%test\n" + b"0" * 64


def make_material(enrollment: Enrollment, kind: str = Material.Kind.ID_COPY) -> Material:
    material = Material(
        enrollment=enrollment, kind=kind, original_name="scan.pdf", content_type="pdf", size=len(PDF)
    )
    material.file.save(f"{enrollment.pk}-{kind}.pdf", ContentFile(PDF), save=False)
    material.save()
    return material

"""Files built from plans: the plan's PDF (申报表), the programme's plan table (xlsx) and the printable
public notice (公示, PDF)."""

from django.utils import timezone

from accounts.models import Organisation
from core.jobs import JobError
from core.models import Job
from programs.choices import Level, ProgramKind
from programs.models import Program
from programs.selectors import programs_visible_to

from .documents import (
    BaseListRow,
    NoticeDoc,
    NoticeRowDoc,
    OpinionDoc,
    PlanDoc,
    PlanLineDoc,
    PlanTableBase,
    plan_application_pdf,
    plan_table_by_base_xlsx,
    plan_table_by_level_xlsx,
    public_notice_pdf,
)
from .models import WHOLE_BASE, PlanApplication, Publication
from .selectors import plan_lines, plan_table_rows, plans_visible_to, publication_plans


def plan_pdf(job: Job, progress) -> tuple[str, bytes]:
    plan = plans_visible_to(job.requested_by).filter(pk=job.params["plan"]).first()
    if plan is None:
        raise JobError("计划不存在或不在您的管理范围内。")
    return f"培训计划申报表_{plan.base.name}.pdf", plan_pdf_bytes(plan)


def plan_pdf_bytes(plan: PlanApplication) -> bytes:
    base_org, county = plan.base.organisation, plan.base.organisation.county
    doc = PlanDoc(
        title=f"{plan.program.training_name}计划申报表",
        base_name=plan.base.name,
        program_name=plan.program.name,
        lines=[
            PlanLineDoc(
                line.occupation.name if line.occupation else WHOLE_BASE,
                line.get_level_display() or "",
                line.planned_count,
                line.start,
                line.end,
                line.remark,
            )
            for line in plan_lines(plan)
        ],
        base_opinion=_opinion(plan.base_opinion, base_org, plan.base_stamped_at),
        county_opinion=_opinion(plan.county_opinion, county, plan.county_stamped_at),
        number=f"{plan.program.code}-{plan.pk:05d}",
    )
    return plan_application_pdf(doc)


def _opinion(text: str, organisation: Organisation, stamped_at) -> OpinionDoc:
    stamped_on = timezone.localtime(stamped_at).date() if stamped_at else None
    seal = None
    if stamped_on and organisation.seal:
        with organisation.seal.open("rb") as handle:
            seal = handle.read()
    return OpinionDoc(
        text=text, organisation=organisation.display_name, stamped_on=stamped_on, seal_image=seal
    )


def plan_table(job: Job, progress) -> tuple[str, bytes]:
    program = programs_visible_to(job.requested_by).filter(pk=job.params["program"]).first()
    if program is None:
        raise JobError("项目不存在或不在您的管理范围内。")
    return plan_table_file(program)


def plan_table_file(program: Program) -> tuple[str, bytes]:
    """The programme's approved plans in the layout it is set to: by base, level and occupation with
    subtotals, or one number per base."""
    by_base: dict[str, PlanTableBase] = {}
    for line in plan_table_rows(program):
        name = line.plan.base.name
        level = Level(line.level).label_with_grade if line.level else ""
        occupation = line.occupation.name if line.occupation else WHOLE_BASE
        by_base.setdefault(name, PlanTableBase(name=name)).lines.append(
            (level, occupation, line.planned_count)
        )
    bases = list(by_base.values())
    if program.plan_table_layout == Program.PlanTableLayout.BASE_LIST:
        rows = [BaseListRow(name=b.name, count=sum(count for _, _, count in b.lines)) for b in bases]
        title = f"{program.training_name}基地名单及培训计划"
        header = f"{ProgramKind(program.kind).brand}培训计划"
        return f"{program.code}_培训基地名单.xlsx", plan_table_by_base_xlsx(title, rows, count_header=header)
    title = f"{program.training_name}计划表"
    return f"{program.code}_培训计划表.xlsx", plan_table_by_level_xlsx(title, bases)


def notice_intro(publication: Publication) -> str:
    """The notice's opening sentence, naming the review steps the programme's policy has."""
    reviewed = "县区人力资源和社会保障部门审核、" if publication.program.policy.plan_county_review else ""
    return (
        f"经基地申报、{reviewed}{publication.program.city.display_name}审批，"
        f"拟确定以下单位承担{publication.program.training_name}任务，现予以公示。"
    )


def _notice_line(line) -> str:
    """ "焊工（技师）30人", or "不分职业（工种）40人" where places are counted for the whole base."""
    what = line.occupation.name if line.occupation else WHOLE_BASE
    level = f"（{line.get_level_display()}）" if line.level else ""
    return f"{what}{level}{line.planned_count}人"


def public_notice_file(publication: Publication) -> tuple[str, bytes]:
    """The printable notice with the issuing city bureau's seal (uploaded image, or drawn)."""
    city = publication.program.city
    rows = []
    for plan in publication_plans(publication):
        lines = list(plan.lines.all())
        rows.append(
            NoticeRowDoc(
                base_name=plan.base.organisation.name,
                county=plan.base.organisation.county.name if plan.base.organisation.county else "",
                lines="；".join(_notice_line(x) for x in lines),
                total=sum(x.planned_count for x in lines),
            )
        )
    seal = None
    if city.seal:
        with city.seal.open("rb") as handle:
            seal = handle.read()
    doc = NoticeDoc(
        title=publication.title,
        bureau=city.display_name,
        intro=notice_intro(publication),
        rows=rows,
        starts_on=publication.starts_on,
        ends_on=publication.ends_on,
        objection_phone=publication.objection_phone,
        objection_address=publication.objection_address,
        issued_on=timezone.localtime(publication.published_at).date(),
        seal_image=seal,
    )
    return f"{publication.title}.pdf", public_notice_pdf(doc)

"""Writes for programmes and policies, and the eligibility decision against a programme's policy."""

import datetime
import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from core.audit import audit_record

from .choices import Level, MaterialKind, Route
from .eligibility import Decision, Facts, Rules, evaluate
from .models import Deadline, Occupation, PolicyVersion, Program
from .presets import PRESETS
from .workflows import PROGRAM_WORKFLOW, ProgramError

OCCUPATIONS_FILE = Path(__file__).resolve().parent / "data" / "occupations.json"


class PolicyChangeNeedsConfirmation(Exception):
    """The policy is in use: changing it creates a new version, which the clerk must confirm."""


# --- programmes ------------------------------------------------------------------------------------


@transaction.atomic
def program_create(*, actor: User, city: Organisation, data: dict, policy: dict | None = None) -> Program:
    program = Program(city=city, **data)
    program.full_clean()
    program.save()
    version = PolicyVersion(
        program=program, number=1, created_by=actor, change_note="初始版本", **(policy or {})
    )
    version.full_clean()
    version.save()
    program.policy = version
    program.save(update_fields=["policy"])
    audit_record(
        actor=actor,
        action="program.create",
        obj=program,
        organisation=city,
        to_state=program.get_status_display(),
    )
    return program


@transaction.atomic
def program_update(*, actor: User, program: Program, data: dict) -> Program:
    for name, value in data.items():
        setattr(program, name, value)
    program.full_clean()
    program.save()
    audit_record(actor=actor, action="program.update", obj=program, organisation=program.city)
    return program


def program_set_status(*, actor: User, program: Program, status: str) -> Program:
    """Move the programme to ``status`` by the step of PROGRAM_WORKFLOW that leads there from here."""
    program = Program.objects.get(pk=program.pk)  # "here" is where it stands now, not a stale copy
    for step in PROGRAM_WORKFLOW.steps:
        if step.target == status and program.status in step.sources_for(program, actor.role):
            return PROGRAM_WORKFLOW.run(step.name, actor=actor, obj=program)
    label = Program.Status(status).label if status in Program.Status.values else status
    raise ProgramError(f"项目当前为“{program.get_status_display()}”，不能变更为“{label}”。")


@transaction.atomic
def program_copy(*, actor: User, program: Program, year: int, code: str, name: str) -> Program:
    """Start another year's programme from this one: same policy (as version 1), dates and deadlines moved
    by the difference in years, no plans or trainees."""
    if Program.objects.filter(code=code).exists():
        raise ValidationError({"code": "项目代码已被使用。"})
    shift = year - program.year
    new = Program(
        city=program.city,
        year=year,
        kind=program.kind,
        code=code,
        name=name,
        notice=program.notice,
        reference_date=_shift(program.reference_date, shift),
        training_start=_shift(program.training_start, shift),
        training_end=_shift(program.training_end, shift),
        plan_table_layout=program.plan_table_layout,
    )
    new.full_clean()
    new.save()
    new.occupations.set(program.occupations.all())
    new.national_occupations.set(program.national_occupations.all())
    version = PolicyVersion(
        program=new,
        number=1,
        created_by=actor,
        change_note=f"复制自 {program.code}",
        **program.policy.policy_values(),
    )
    version.save()
    new.policy = version
    new.save(update_fields=["policy"])
    Deadline.objects.bulk_create(
        Deadline(program=new, label=d.label, due=_shift(d.due, shift), audience=d.audience)
        for d in program.deadlines.all()
    )
    audit_record(
        actor=actor, action="program.copy", obj=new, organisation=new.city, note=f"复制自 {program.code}"
    )
    return new


def _shift(day: datetime.date | None, years: int) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


# --- policies ----------------------------------------------------------------------------------------


@transaction.atomic
def policy_update(
    *, actor: User, program: Program, values: dict, note: str = "", confirmed: bool = False
) -> PolicyVersion:
    """Change the programme's rules. While no decision has been made under the current version it is
    edited in place; once it is in use, a confirmed change creates the next version."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    current = program.policy
    changed = {k: v for k, v in values.items() if getattr(current, k) != v}
    if not changed:
        return current
    summary = "；".join(_describe(current, name, value) for name, value in changed.items())
    if current.frozen_at is None:
        for name, value in changed.items():
            setattr(current, name, value)
        current.change_note = note or current.change_note
        current.full_clean()
        current.save()
        audit_record(
            actor=actor, action="policy.update", obj=current, organisation=program.city, note=summary
        )
        return current
    if not confirmed:
        raise PolicyChangeNeedsConfirmation(summary)
    version = PolicyVersion(
        program=program,
        number=current.number + 1,
        created_by=actor,
        change_note=note,
        **{**current.policy_values(), **changed},
    )
    version.full_clean()
    version.save()
    program.policy = version
    program.save(update_fields=["policy"])
    audit_record(
        actor=actor,
        action="policy.version",
        obj=version,
        organisation=program.city,
        from_state=f"第{current.number}版",
        to_state=f"第{version.number}版",
        note=summary,
    )
    return version


def policy_version_freeze(version: PolicyVersion) -> None:
    """Mark the version as used for a decision: from now on, changes create a new version."""
    if version.frozen_at is None:
        PolicyVersion.objects.filter(pk=version.pk, frozen_at__isnull=True).update(frozen_at=timezone.now())
        version.frozen_at = timezone.now()


# The list fields, shown by their choices' labels in a change summary.
_LIST_CHOICES = {"levels_offered": Level, "routes": Route, "materials_required": MaterialKind}


def _describe(version: PolicyVersion, name: str, new) -> str:
    field = PolicyVersion._meta.get_field(name)
    old = getattr(version, name)
    choices = _LIST_CHOICES.get(name)
    if choices is not None:
        old, new = (_labels(choices, value) for value in (old, new))
    elif field.choices:
        shown = dict(field.flatchoices)
        old, new = (shown.get(value, value) if value not in (None, "") else value for value in (old, new))
    return f"{field.verbose_name}：{_shown(old)} → {_shown(new)}"


def _labels(choices, values) -> str:
    return "、".join(
        str(choices(value).label) if value in choices.values else str(value) for value in values or []
    )


def _shown(value) -> str:
    if value is None or value == "" or value == []:
        return "（不限）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


# --- eligibility ----------------------------------------------------------------------------------------


def occupation_index() -> dict[str, Occupation]:
    """Every occupation by name, for resolving many roster rows with one query."""
    return {o.name: o for o in Occupation.objects.all()}


def facts_with_catalogue(facts: Facts, occupations: dict[str, Occupation]) -> Facts:
    """Fill in what the catalogue knows: whether the target is in the national catalogue, the levels it
    has a national standard at, and the families used by the 'same or similar occupation' rule."""
    target = occupations.get(facts.target_occupation.strip())
    held = occupations.get(facts.cert_occupation.strip())
    return replace(
        facts,
        target_in_catalog=target.in_catalog if target else None,
        target_levels=frozenset(int(level) for level in target.levels) if target else None,
        target_occupation_family=target.family if target else "",
        cert_occupation_family=held.family if held else "",
    )


def eligibility_decide(
    *,
    program: Program,
    facts: Facts,
    target_level: int,
    reference_date: datetime.date | None = None,
    occupations: dict[str, Occupation] | None = None,
    rules: Rules | None = None,
) -> Decision:
    """The decision under the programme's current policy, on its reference date (or the given one, or
    today). The caller stores ``program.policy`` beside the decision. A caller judging many rows passes
    the policy's ``rules`` (and the ``occupations`` index) once."""
    on = reference_date or program.reference_date or timezone.localdate()
    facts = facts_with_catalogue(facts, occupations if occupations is not None else occupation_index())
    rules = rules if rules is not None else program.policy.rules()
    return evaluate(rules, facts, target_level, on, today=timezone.localdate())


# --- presets -------------------------------------------------------------------------------------------


@transaction.atomic
def presets_load() -> list[Program]:
    """The occupation catalogue and the five programmes of the notices (idempotent: an existing
    programme is left as the city has edited it)."""
    occupations_load()
    programs = []
    for code, preset in PRESETS.items():
        existing = Program.objects.filter(code=code).first()
        programs.append(existing or _program_from_preset(code, preset))
    return programs


def occupations_load(*, path: Path = OCCUPATIONS_FILE) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))["occupations"]
    for row in data:
        Occupation.objects.update_or_create(
            name=row["name"],
            defaults={
                "in_catalog": row["in_catalog"],
                "family": row.get("family", ""),
                "levels": row.get("levels", []),
            },
        )
    return len(data)


def _program_from_preset(code: str, preset: dict) -> Program:
    city = Organisation.objects.get(kind=Organisation.Kind.CITY, name=preset["city"])
    # A preset names only the rules its notice sets; Rules fills in every other one with its default.
    policy = Rules.from_dict(preset["rules"]).as_dict()
    for name in PolicyVersion.OTHER_FIELDS:
        if name in preset:
            policy[name] = preset[name]
    for name in (
        PolicyVersion.REVIEW_CHAIN_FIELDS
        + PolicyVersion.ASSESSMENT_FIELDS
        + PolicyVersion.FILING_FIELDS
        + PolicyVersion.CERTIFICATE_FIELDS
    ):
        if name in preset:
            policy[name] = preset[name]
    rates = preset.get("subsidy_rates") or {}
    for level, field in PolicyVersion.SUBSIDY_RATE_FIELDS.items():
        policy[field] = rates.get(level)
    policy["certificate_issuer"] = preset.get("certificate_issuer") or ""
    for name, value in policy.items():
        if isinstance(value, float):  # ratios: a DecimalField wants the decimal the notice wrote
            policy[name] = Decimal(str(value))
    program = Program(
        city=city,
        year=preset["year"],
        kind=preset["kind"],
        code=code,
        name=preset["name"],
        notice=preset.get("notice", ""),
        reference_date=_date(preset.get("reference_date")),
        training_start=_date(preset.get("training_start")),
        training_end=_date(preset.get("training_end")),
        plan_table_layout=preset.get("plan_table_layout", Program.PlanTableLayout.BY_LEVEL_OCCUPATION),
    )
    program.full_clean()
    program.save()
    version = PolicyVersion(program=program, number=1, change_note="依据通知预设", **policy)
    version.full_clean()
    version.save()
    program.policy = version
    program.save(update_fields=["policy"])
    names = preset.get("national_occupations", [])
    program.national_occupations.set(Occupation.objects.filter(name__in=names))
    Deadline.objects.bulk_create(
        Deadline(program=program, label=d["label"], due=_date(d["date"]), audience=d.get("audience", "all"))
        for d in preset.get("deadlines", [])
    )
    return program


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None

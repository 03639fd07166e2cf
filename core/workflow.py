"""Workflows declared once: a table of steps beside the model, one runner, one list of the steps a
user may take now.

A ``Workflow`` is the model, the name of its state field and its ``Step`` table. Each step says who
may take it (roles), from which states, to which state, what its form asks (an opinion, required or
not, with its label and default text; whether the actor's seal is applied), the confirmation text and
the button style. A step's own rules are two optional functions: ``check`` (raise a ``PortalError``
to refuse) and ``effects`` (set the fields the step changes, such as the opinion and stamp time).
``enabled`` lets the programme's policy switch a step on or off (who reviews is policy, SPEC §3).

``Workflow.run`` is the only code that moves an object between states: it checks the role, locks the
row, re-checks the state under the lock, runs the step's check and effects, saves, and writes the
audit entry with the from/to state labels and the opinion, all in one transaction. The buttons and
forms of a page come from ``Workflow.available`` (rendered by ``templates/_workflow_steps.html``), and
the URLs from ``Workflow.urls``, so a new step is one line in its table plus its effects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.urls import path

from .audit import audit_record
from .errors import PortalError


class StepRefused(PortalError):
    """A workflow step that cannot be taken now (wrong role, wrong state, missing opinion)."""


@dataclass(frozen=True)
class Opinion:
    """What the step's form asks for in its one text box."""

    label: str
    required: bool = True
    initial: str = ""


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # the button and the heading of its form
    roles: tuple[str, ...]
    # The states the step starts from: a tuple, or a function (obj, role) → tuple when the policy
    # decides which stage a role acts on (e.g. the city acts on submitted plans when no county reviews).
    sources: tuple[str, ...] | Callable[[models.Model, str], tuple[str, ...]]
    target: str
    action: str  # audit action code (core.audit.ACTIONS)
    done: str  # success message
    opinion: Opinion | None = None
    hint: str = ""
    confirm: str = ""
    style: str = "primary"  # "primary" or "danger": the button and the card
    seal: bool = False  # the actor's electronic seal is applied (shown on the form)
    date_label: str = ""  # the form also asks for a date (passed to check/effects as ``date``)
    enabled: Callable[[models.Model], bool] | None = None
    check: Callable[..., None] | None = None
    effects: Callable[..., None] | None = None
    # Steps taken elsewhere run through the same runner: ``page`` links the object's page to the page
    # where the step is taken (the public notice, published for many plans at once); steps neither on
    # the page nor linked (``on_detail_page=False``) are taken from another form (an objection's).
    on_detail_page: bool = True
    page: Callable[[models.Model], str] | None = None

    def sources_for(self, obj: models.Model, role: str) -> tuple[str, ...]:
        return self.sources(obj, role) if callable(self.sources) else self.sources

    def is_enabled(self, obj: models.Model) -> bool:
        return self.enabled is None or bool(self.enabled(obj))


@dataclass
class Workflow:
    model: type[models.Model]
    steps: list[Step]
    state_field: str = "status"
    error: type[PortalError] = StepRefused
    # How the object is named in refusals ("该计划当前状态为…").
    noun: str = "该记录"
    # Whose data a step touches (decides who may read the audit entry).
    organisation: Callable[[models.Model], object] | None = None
    # The queryset used to lock the row (select_related what checks and effects read).
    locking: Callable[[], models.QuerySet] | None = None
    by_name: dict[str, Step] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {step.name: step for step in self.steps}
        if len(self.by_name) != len(self.steps):
            raise ValueError(f"Duplicate step names in the {self.model.__name__} workflow")

    def step(self, name: str) -> Step:
        try:
            return self.by_name[name]
        except KeyError:
            raise self.error("没有这个办理环节。") from None

    def roles_of(self, name: str) -> set[str]:
        return set(self.step(name).roles)

    def label_of(self, state: str) -> str:
        return dict(self.model._meta.get_field(self.state_field).choices).get(state, state)

    def state_of(self, obj: models.Model) -> str:
        return getattr(obj, self.state_field)

    def can_take(self, step: Step, *, role: str, obj: models.Model) -> bool:
        return (
            role in step.roles and step.is_enabled(obj) and self.state_of(obj) in step.sources_for(obj, role)
        )

    def available(self, user, obj: models.Model, *, on_detail_page: bool | None = None) -> list[Step]:
        """The steps this user may take on this object now, in table order."""
        return [
            step
            for step in self.steps
            if (on_detail_page is None or step.on_detail_page == on_detail_page)
            and self.can_take(step, role=user.role, obj=obj)
        ]

    def run(self, name: str, *, actor, obj: models.Model, opinion: str = "", **extra) -> models.Model:
        """Take one step: refuse with a Chinese message, or move the object and record it. ``actor``
        None is the system (the nightly task); it bypasses the role check only."""
        step = self.step(name)
        opinion = (opinion or "").strip()
        if actor is not None and actor.role not in step.roles:
            raise self.error("您的角色不能执行此操作。")
        with transaction.atomic():
            locked = self._lock(obj)
            if not step.is_enabled(locked):
                raise self.error(f"本项目的办理流程不含“{step.label}”环节。")
            role = actor.role if actor is not None else step.roles[0]
            if self.state_of(locked) not in step.sources_for(locked, role):
                raise self.error(
                    f"操作未完成：{self.noun}当前状态为“{self.label_of(self.state_of(locked))}”，"
                    "可能已由他人处理，请刷新页面后查看。"
                )
            if step.opinion and step.opinion.required and not opinion:
                raise self.error(f"请填写{step.opinion.label}。")
            if step.check:
                step.check(locked, actor=actor, opinion=opinion, **extra)
            old = self.state_of(locked)
            setattr(locked, self.state_field, step.target)
            if step.effects:
                step.effects(locked, actor=actor, opinion=opinion, **extra)
            locked.save()
            audit_record(
                actor=actor,
                action=step.action,
                obj=locked,
                organisation=self.organisation(locked) if self.organisation else None,
                from_state=self.label_of(old),
                to_state=self.label_of(step.target),
                note=opinion,
            )
        return locked

    def urls(self, view: Callable, *, prefix: str, name_prefix: str) -> list:
        """One POST-only URL per step shown on the object's page: ``<prefix><step>/`` named
        ``<name_prefix><step>``; the view receives ``step=<name>``."""
        return [
            path(f"{prefix}{step.name}/", view, {"step": step.name}, name=f"{name_prefix}{step.name}")
            for step in self.steps
            if step.on_detail_page and step.page is None
        ]

    def _lock(self, obj: models.Model) -> models.Model:
        queryset = self.locking() if self.locking else self.model.objects.all()
        return queryset.select_for_update(of=("self",)).get(pk=obj.pk)

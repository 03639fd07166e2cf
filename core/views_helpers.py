"""What every view does with a service: run it, turn a refusal into a Chinese message, draw the steps.

``run_step`` is the one place a refusal (a ``PortalError`` or Django's ``ValidationError``) becomes a
message for the user; views do not catch them themselves. ``step_view`` is the one view of a
workflow's steps (one POST-only URL per step), and ``step_forms`` lists the steps a user may take on an
object now, for ``templates/_workflow_steps.html``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .errors import PortalError
from .workflow import Step, Workflow


def refusal_message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


def form_errors(form) -> str:
    """A form's errors as one Chinese sentence (for a message after a redirect)."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def run_step(
    request, fn: Callable, *args, success: str | Callable | None = None, failure: str = "", **kwargs
):
    """Run a service; on success show ``success`` (text, or a function of the result), on refusal
    show the Chinese reason (prefixed with ``failure``). Returns the result, or None when refused."""
    try:
        result = fn(*args, **kwargs)
    except (PortalError, ValidationError) as error:
        messages.error(request, failure + refusal_message(error))
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return result if result is not None else True


@dataclass(frozen=True)
class StepForm:
    step: Step
    url: str = ""
    page: str = ""
    suffix: str = ""  # keeps element ids unique when several objects' steps share a page


def step_forms(
    workflow: Workflow, user, obj, url: Callable[[Step], str], *, suffix: str = ""
) -> list[StepForm]:
    """The forms of the steps ``user`` may take on ``obj`` now, in the table's order."""
    forms = []
    for step in workflow.available(user, obj):
        if step.page:
            forms.append(StepForm(step, page=step.page(obj), suffix=suffix))
        elif step.on_detail_page:
            forms.append(StepForm(step, url=url(step), suffix=suffix))
    return forms


def step_view(workflow: Workflow, *, objects: Callable, back: Callable) -> Callable:
    """The POST-only view of every step of ``workflow``: the role comes first (403), then the object
    through the user's scope (``objects(user)``; another organisation's is a 404), then the runner."""

    @require_POST
    def view(request, pk: int, step: str):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        declared = workflow.step(step)
        if request.user.role not in declared.roles:
            raise PermissionDenied("您的角色无权执行此操作。")
        obj = get_object_or_404(objects(request.user), pk=pk)
        extra = {}
        if declared.date_label:
            try:
                extra["date"] = datetime.date.fromisoformat(request.POST.get("date", "").strip())
            except ValueError:
                messages.error(request, f"请填写正确的{declared.date_label}。")
                return redirect(back(obj))
        run_step(
            request,
            workflow.run,
            step,
            actor=request.user,
            obj=obj,
            opinion=request.POST.get("opinion", ""),
            success=declared.done,
            **extra,
        )
        return redirect(back(obj))

    return view

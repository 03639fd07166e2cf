"""Form conventions every portal form follows (issue 10.19): full-width "：" after labels, required
fields marked (class for the red * and the ``required`` attribute), the only programme preselected."""

import importlib
import inspect
import re

import pytest
from django import forms
from django.urls import reverse

from core.forms import LABEL_SUFFIX, PortalFormMixin
from tests.trainees.factories import confirmed_base, quota_program

APPS = ("core", "programs", "bases", "trainees", "attendance", "subsidies")


def _project_forms():
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


@pytest.mark.parametrize(
    "form_class", list(_project_forms()), ids=lambda cls: f"{cls.__module__}.{cls.__name__}"
)
def test_every_portal_form_uses_the_shared_conventions(form_class):
    assert issubclass(form_class, PortalFormMixin)


def _labels(body: str) -> dict[str, tuple[str, str]]:
    """{field id: (label class, label text)} of the page's <label for=…> tags."""
    found = re.findall(r'<label for="(id_\w+)"(?: class="(\w+)")?>([^<]*)</label>', body)
    return {field: (cls, text) for field, cls, text in found}


def test_the_registration_form_marks_required_fields_and_ends_labels_with_a_full_width_colon(world, login):
    program = quota_program(world)
    confirmed_base(world, program=program)
    body = login(world.users["base"]).get(reverse("trainees:enrollment_create")).content.decode()
    labels = _labels(body)
    assert labels["id_id_number"] == ("required", "身份证号码" + LABEL_SUFFIX)
    assert labels["id_program"][0] == "required" and labels["id_target_level"][0] == "required"
    assert labels["id_sex"] == ("", "性别：")
    assert all(text.endswith("：") and not text.endswith(":") for _, text in labels.values())
    assert re.search(r'<input type="text" name="id_number"[^>]* required', body)
    # The only programme the base may register for is already chosen.
    assert re.search(rf'<option value="{program.pk}" selected>', body)


def test_with_two_programmes_the_clerk_chooses(world, login):
    for code in ("test-2026", "test-2026b"):
        confirmed_base(world, program=quota_program(world, code=code))
    body = login(world.users["base"]).get(reverse("trainees:enrollment_create")).content.decode()
    options = body.split('name="program"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\d*)" selected>', options) == [""]


def test_the_password_form_of_django_uses_the_full_width_colon_too(world, login):
    body = login(world.users["base"]).get(reverse("accounts:password_change")).content.decode()
    assert "旧密码：" in body and "旧密码:" not in body

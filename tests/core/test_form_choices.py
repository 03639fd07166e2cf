"""Model choices on portal forms are read with one plain SELECT, never a server-side cursor."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from bases.forms import PlanSearchForm
from programs.models import Program
from tests.programs.factories import make_program


def test_a_model_choice_list_is_one_plain_select(world):
    make_program(world, code="choices-2023")
    form = PlanSearchForm(programs=Program.objects.all())
    with CaptureQueriesContext(connection) as queries:
        html = str(form["program"])
    assert Program.objects.get(code="choices-2023").name in html
    assert len(queries) == 1
    assert not queries[0]["sql"].lstrip().upper().startswith("DECLARE")

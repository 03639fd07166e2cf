"""Permission-matrix cases of results (merged by tests/test_url_permissions.py).

Object URLs point at the results batch of base A1-a in objects["program"] (city A) and at the class the
delivery cases add. Every role reads what its scope covers; another base's or city's batch is a 404; the
step URLs take their roles from the step table (refused with a message, always sent back)."""

from assessment.models import ResultBatch
from assessment.workflows import RESULTS_WORKFLOW
from tests.permissions import OUTSIDE_COUNTY, Case, expect


def _batch(objects: dict) -> dict:
    return {"pk": objects["result_batch"].pk}


CASES: dict[str, Case] = {
    "assessment:batch_list": Case(expect()),
    "assessment:results_template": Case(expect()),
    "assessment:batch_detail": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=_batch),
    "assessment:batch_import": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=_batch),
    # No token: refused with a message.
    "assessment:batch_import_commit": Case(
        expect(ok=302, hidden=OUTSIDE_COUNTY), method="post", kwargs=_batch
    ),
    "assessment:class_results": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["class"].pk}),
    **{
        f"assessment:batch_{step.name}": Case(
            expect(ok=302, roles=set(step.roles), hidden=OUTSIDE_COUNTY), method="post", kwargs=_batch
        )
        for step in RESULTS_WORKFLOW.steps
    },
}


def add_objects(world, objects: dict) -> None:
    objects["result_batch"] = ResultBatch.objects.create(
        program=objects["program"], base=objects["base"], assessor=objects["base"].organisation
    )

"""Permission-matrix cases of this area (merged by tests/test_url_permissions.py).

Every object URL points at an enrolment of base A1-a in objects["program"] (city A). POST parameters name
the programme and the base by their codes, which are the same in every test run."""

from tests.permissions import OUTSIDE_CITY, OUTSIDE_COUNTY, Case, expect
from trainees.services import roster_file
from trainees.workflows import FILING_WORKFLOW

from .factories import make_enrollment, make_material

# Who may print or download documents carrying personal data (the roster is filed, so all three in full).
EXPORTERS = {"base", "county", "city"}
PROGRAM = "test-2026"  # objects["program"], see tests.bases.factories.open_program
BASE = "T-BASE-A"  # world.base


def _enrollment(objects: dict) -> dict:
    return {"pk": objects["enrollment"].pk}


CASES: dict[str, Case] = {
    "trainees:enrollment_list": Case(expect()),
    "trainees:enrollment_detail": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=_enrollment),
    "trainees:enrollment_create": Case(expect(roles={"base"})),
    # The roster of the enrolment is filed (add_objects): editing is refused with a message, back to the page.
    "trainees:enrollment_edit": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_COUNTY), kwargs=_enrollment
    ),
    # The confirmation page with the reason field; only the enrolment's own base finds it.
    "trainees:enrollment_withdraw": Case(expect(roles={"base"}, hidden=OUTSIDE_COUNTY), kwargs=_enrollment),
    # Nothing typed yet: the answer is "incomplete", still a 200 for every base.
    "trainees:enrollment_evaluate": Case(expect(roles={"base"}), method="post"),
    # No file chosen: refused with a message and sent back to the enrolment.
    "trainees:material_upload": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_COUNTY),
        method="post",
        kwargs=_enrollment,
        data={"kind": "photo"},
    ),
    "trainees:material_download": Case(
        expect(roles=EXPORTERS, hidden=OUTSIDE_COUNTY), kwargs=lambda o: {"pk": o["material"].pk}
    ),
    "trainees:commitment_letter": Case(expect(roles=EXPORTERS, hidden=OUTSIDE_COUNTY), kwargs=_enrollment),
    # Any base of city A may print its own letters for the programme; city B's base does not find it.
    # A1-a's one letter is built at once (200, the PDF); A1-b has nobody and is sent back with a message.
    "trainees:commitment_letters": Case(
        {**expect(ok=302, roles={"base"}, hidden=OUTSIDE_CITY), "base": 200},
        method="post",
        data={"program": PROGRAM},
    ),
    # A one-row roster is built at once: the file itself.
    "trainees:roster_export": Case(
        expect(ok=200, roles=EXPORTERS, hidden=OUTSIDE_COUNTY),
        method="post",
        data={"program": PROGRAM, "base": BASE},
    ),
    "trainees:places": Case(expect(hidden=OUTSIDE_CITY), kwargs=lambda o: {"code": PROGRAM}),
    "trainees:filing_list": Case(expect()),
    # Base A1-a is told it already filed, A1-b that it has nobody to file: both are sent back.
    "trainees:filing_create": Case(
        expect(ok=302, roles={"base"}, hidden=OUTSIDE_CITY), method="post", data={"program": PROGRAM}
    ),
}
# Every step URL of the roster filing's workflow, with the roles its step table gives it.
CASES.update(
    {
        f"trainees:filing_{step.name}": Case(
            expect(ok=302, roles=set(step.roles), hidden=OUTSIDE_COUNTY),
            method="post",
            kwargs=lambda o: {"pk": o["filing"].pk},
        )
        for step in FILING_WORKFLOW.steps
    }
)


def add_objects(world, objects: dict) -> None:
    """Add the objects this area's URLs point at to ``objects`` (built for city A / base A1-a)."""
    assert objects["program"].code == PROGRAM and objects["base"].organisation.code == BASE
    enrollment = make_enrollment(
        program=objects["program"], base=objects["base"], serial=1, created_by=world.users["base"]
    )
    objects["enrollment"] = enrollment
    objects["material"] = make_material(enrollment)
    objects["filing"] = roster_file(
        actor=world.users["base"], base=objects["base"], program=enrollment.program
    )

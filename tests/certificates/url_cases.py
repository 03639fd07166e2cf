"""Permission-matrix cases of certificates (merged by tests/test_url_permissions.py).

Object URLs point at a certificate of the trainees area's enrolment (base A1-a, objects["program"] of city
A) and at a published list of that programme. Certificates are scoped like their base (outside the
county: 404); the programme's pages like the programme (outside the city: 404). Issue and revoke are for
the city bureau and base staff (the policy then names which of them); publishing the list is the city's.
The verification page is public."""

import datetime

from certificates.models import Certificate, PassersList
from tests.permissions import OUTSIDE_CITY, OUTSIDE_COUNTY, Case, expect

ISSUERS = {"city", "base"}


def _certificate(objects: dict) -> dict:
    return {"pk": objects["certificate"].pk}


def _program(objects: dict) -> dict:
    return {"code": objects["program"].code}


CASES: dict[str, Case] = {
    "certificates:certificate_list": Case(expect()),
    # No filters: every certificate in scope, as a job (or a message when there is none).
    "certificates:certificates_pdf_job": Case(expect(ok=302), method="post"),
    "certificates:certificate_detail": Case(expect(hidden=OUTSIDE_COUNTY), kwargs=_certificate),
    # No reason: refused with a message, sent back.
    "certificates:certificate_revoke": Case(
        expect(ok=302, roles=ISSUERS, hidden=OUTSIDE_COUNTY), method="post", kwargs=_certificate
    ),
    "certificates:certificate_pdf": Case(
        expect(ok=302, hidden=OUTSIDE_COUNTY), method="post", kwargs=_certificate
    ),
    "certificates:certificate_issue": Case(expect(roles=ISSUERS, hidden=OUTSIDE_CITY), kwargs=_program),
    "certificates:passers_list": Case(expect(hidden=OUTSIDE_CITY), kwargs=_program),
    # Nobody passed yet: refused with a message, sent back.
    "certificates:passers_publish": Case(
        expect(ok=302, roles={"city"}, hidden=OUTSIDE_CITY), method="post", kwargs=_program
    ),
    "certificates:passers_pdf": Case(
        expect(hidden=OUTSIDE_CITY), kwargs=lambda o: {"pk": o["passers_list"].pk}
    ),
    "certificates_public:verify": Case(expect(anonymous=200)),
}


def add_objects(world, objects: dict) -> None:
    enrollment = objects["enrollment"]
    base = objects["base"]
    objects["certificate"] = Certificate.objects.create(
        number="20260001",
        enrollment=enrollment,
        program=objects["program"],
        base=base,
        city=world.city,
        issuer=base.organisation,
        issued_on=datetime.date(2026, 10, 1),
        name=enrollment.entered_name,
        sex=enrollment.trainee.get_sex_display(),
        id_number=enrollment.trainee.id_number,
        base_name=base.organisation.name,
        occupation_name=enrollment.occupation.name,
        level=enrollment.level,
        issuer_name=base.organisation.name,
        program_name=objects["program"].name,
        title="2026年度临沂市“金蓝领”培训合格证",
    )
    objects["passers_list"] = PassersList.objects.create(
        program=objects["program"], title="考评合格人员名单", published_on=datetime.date(2026, 10, 1)
    )

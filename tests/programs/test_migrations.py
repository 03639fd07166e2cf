"""The data migrations that rename routes by what they require: stored policies, enrolments and roster
previews written under the old codes read the new ones afterwards, and the honour-years value is kept."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("programs", "0003_policy_review_chain"),
    ("bases", "0002_publication_objection_contact"),
    ("trainees", "0005_employer_types_individual_and_other"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_the_old_route_codes_are_renamed_everywhere_they_are_stored():
    try:
        old = _migrate(BEFORE)
        Organisation = old.get_model("accounts", "Organisation")
        province = Organisation.objects.create(kind="province", code="M-37", name="山东省")
        city = Organisation.objects.create(kind="city", code="M-3710", name="威海市", parent=province)
        county = Organisation.objects.create(kind="county", code="M-371002", name="环翠区", parent=city)
        base_org = Organisation.objects.create(kind="base", code="M-B1", name="基地", parent=county)
        base = old.get_model("bases", "Base").objects.create(organisation=base_org, kind="technical_school")
        Program = old.get_model("programs", "Program")
        program = Program.objects.create(
            city=city, year=2019, kind="golden_blue_collar", code="m-2019", name="x"
        )
        policy = old.get_model("programs", "PolicyVersion").objects.create(
            program=program,
            number=1,
            routes=["certificate", "years", "honour_weihai", "honour_dezhou"],
            honour_dezhou_years=12,
        )
        occupation = old.get_model("programs", "Occupation").objects.create(name="焊工")
        trainee = old.get_model("trainees", "Trainee").objects.create(
            id_number="370302198506011232", name="张三", sex="M", birth_date=datetime.date(1985, 6, 1)
        )
        enrollment = old.get_model("trainees", "Enrollment").objects.create(
            trainee=trainee,
            program=program,
            base=base,
            occupation=occupation,
            level=3,
            route="honour_weihai",
            policy_version=policy,
            reference_date=datetime.date(2019, 10, 21),
            source="form",
        )
        preview = old.get_model("trainees", "RosterImport").objects.create(
            base=base,
            program=program,
            file="imports/x.xlsx",
            original_name="x.xlsx",
            report={
                "rows": [
                    {"row": 2, "route": "honour_dezhou", "reasons": []},
                    {"row": 3, "route": "", "reasons": [{"code": "route_honour_weihai", "message": "…"}]},
                ]
            },
        )

        new = _migrate(_latest())

        policy = new.get_model("programs", "PolicyVersion").objects.get(pk=policy.pk)
        assert policy.routes == ["certificate", "years", "honour_next_level", "honour_cert_or_years"]
        assert policy.honour_years_technician == 12
        assert (
            new.get_model("trainees", "Enrollment").objects.get(pk=enrollment.pk).route == "honour_next_level"
        )
        rows = new.get_model("trainees", "RosterImport").objects.get(pk=preview.pk).report["rows"]
        assert rows[0]["route"] == "honour_cert_or_years"
        assert rows[1]["reasons"][0]["code"] == "route_honour_next_level"
    finally:
        _migrate(_latest())

"""core.db.bulk_insert: one COPY on PostgreSQL, the same rows bulk_create would write."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from core.db import bulk_insert
from core.models import Job
from trainees.models import Trainee

pytestmark = pytest.mark.django_db


def test_rows_arrive_in_one_statement_with_their_automatic_fields():
    people = [
        Trainee(
            id_number=f"37130219850101{i:04d}",
            name=f"学员{i}",
            sex="M",
            birth_date=datetime.date(1985, 1, 1),
            phone="" if i % 2 else "13800000000",
        )
        for i in range(250)
    ]
    with CaptureQueriesContext(connection) as queries:
        assert bulk_insert(Trainee, people) == 250
    assert connection.vendor == "postgresql"
    assert len(queries) == 1 and queries[0]["sql"].startswith("COPY")
    stored = Trainee.objects.order_by("id_number")
    assert stored.count() == 250
    first = stored.first()
    assert (first.name, first.phone, first.birth_date) == ("学员0", "13800000000", datetime.date(1985, 1, 1))
    assert first.created_at is not None and first.updated_at is not None
    assert not stored.filter(created_at__isnull=True).exists()


def test_text_with_copy_special_characters_is_stored_as_typed():
    tricky = "王\t小\\N明\n"
    born = datetime.date(1985, 1, 1)
    bulk_insert(Trainee, [Trainee(id_number="371302198501010011", name=tricky, sex="M", birth_date=born)])
    assert Trainee.objects.get(id_number="371302198501010011").name == tricky


def test_a_refused_row_is_django_s_integrity_error():
    born = datetime.date(1985, 1, 1)
    bulk_insert(Trainee, [Trainee(id_number="371302198501010011", name="甲", sex="M", birth_date=born)])
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(Trainee, [Trainee(id_number="371302198501010011", name="乙", sex="M", birth_date=born)])
    assert list(Trainee.objects.values_list("name", flat=True)) == ["甲"]


def test_a_model_with_fields_copy_cannot_take_as_they_are_is_refused():
    with pytest.raises(TypeError, match="params"):
        bulk_insert(Job, [Job(kind="x", title="x")])
    assert not Job.objects.exists()


def test_bulk_upsert_inserts_new_rows_and_overwrites_only_the_named_fields_in_one_statement(world):
    from attendance.models import Attendance
    from core.db import bulk_upsert
    from tests.attendance.factories import delivery_setup, full_schedule

    _, _, training_class, enrollments = delivery_setup(world, trainees=3)
    sessions = full_schedule(training_class)[:2]
    staff = world.users["base"]
    Attendance.objects.create(session=sessions[0], enrollment=enrollments[0], status="absent")
    rows = [(s.pk, e.pk, "present") for s in sessions for e in enrollments]
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        assert (
            bulk_upsert(
                Attendance,
                rows,
                columns=["session", "enrollment", "status"],
                unique=["session", "enrollment"],
                update=["status", "recorded_by", "recorded_at"],
                template=Attendance(recorded_by=staff),
            )
            == 6
        )
    assert len([q for q in queries if "INSERT" in q["sql"]]) == 1
    stored = Attendance.objects.all()
    assert stored.count() == 6
    assert set(stored.values_list("status", flat=True)) == {"present"}
    assert set(stored.values_list("recorded_by", flat=True)) == {staff.pk}
    assert not stored.filter(recorded_at__isnull=True).exists()

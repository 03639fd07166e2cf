"""At province scale every list's and search's main query is answered from an index, never by reading
and sorting a whole scope: 100,000 enrolments over three bases and 100,000 audit entries, ANALYZEd, then
the EXPLAIN of the exact query each page runs, for every persona that sees the list."""

import json

import pytest
from django.db import connection

from core.paging import sorted_by
from core.selectors import audit_entries_search
from core.views import AUDIT_SORTS
from tests.bases.factories import make_base, open_program
from trainees.models import Enrollment
from trainees.privacy import sees_all_in_full
from trainees.selectors import enrollments_search
from trainees.views import SORTS

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")

ROWS = 100_000
ENROLMENT_INDEXES = {
    "enrolment_newest",
    "enrolment_base_newest",
    "enrolment_level_newest",
    "enrolment_base_level_newest",
}


def _fill(world) -> None:
    program = open_program(world)
    bases = [make_base(world, org) for org in (world.base, world.base_same_county, world.base_other)]
    policy = program.policy_id
    occupation = bases[0].qualifications.first().occupation_id
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO trainees_trainee (id_number, name, sex, birth_date, phone, created_at, updated_at)
            SELECT '371302' || to_char(date '1960-01-01' + i %% 9000, 'YYYYMMDD')
                   || lpad((100 + i / 9000)::text, 3, '0') || 'X',
                   '学员' || i, 'M', date '1960-01-01' + i %% 9000, '', now(), now()
            FROM generate_series(1, %s) AS i
            """,
            [ROWS],
        )
        # Spread over the bases (half at base A1-a) and over time, levels 2 and 3.
        cursor.execute(
            """
            INSERT INTO trainees_enrollment (
                trainee_id, program_id, base_id, occupation_id, level, status, employer, employer_type,
                cert_occupation, cert_number, title, honour, parallel_training, employer_recommended, remark,
                route, policy_version_id, reference_date, source, name, phone, withdrawal_reason,
                created_at, updated_at)
            SELECT t.id, %s, (ARRAY[%s, %s, %s, %s])[1 + (t.id + t.id / 9000) %% 4], %s, 2 + t.id %% 2,
                   'active', '', '', '', '', '', '', false, false, '', 'years', %s, date '2026-05-01',
                   'import', t.name, t.phone, '',
                   now() - t.id * interval '1 minute', now()
            FROM trainees_trainee t
            """,
            [program.pk, bases[0].pk, bases[0].pk, bases[1].pk, bases[2].pk, occupation, policy],
        )
        orgs = [world.city.pk, world.county.pk, world.base.pk, world.base_other.pk, world.city_other.pk]
        cursor.execute(
            """
            INSERT INTO core_auditentry (created_at, actor_name, organisation_id, action, object_id,
                                         object_repr, from_state, to_state, note)
            SELECT now() - i * interval '1 minute', '操作员' || (i %% 50), (%s::int[])[1 + i %% 5],
                   'plan.submit', i::text, '计划' || i, '', '', ''
            FROM generate_series(1, %s) AS i
            """,
            [orgs, ROWS],
        )
        cursor.execute("ANALYZE trainees_trainee; ANALYZE trainees_enrollment; ANALYZE core_auditentry")


def _plan(queryset) -> dict:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        row = cursor.fetchone()[0]
    return (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _page(queryset):
    """The list's first page query as the paginator issues it."""
    return queryset[:50]


def _assert_indexed(queryset, *, table: str, indexes: set[str]) -> None:
    plan = _plan(queryset)
    nodes = list(_nodes(plan))
    text = json.dumps(plan, ensure_ascii=False)
    scans = [n for n in nodes if n.get("Relation Name") == table]
    assert scans, text
    assert not [n for n in scans if n["Node Type"] == "Seq Scan"], f"{table} is read whole: {text[:3000]}"
    used = {n.get("Index Name") for n in nodes}
    summary = [(n["Node Type"], n.get("Index Name") or n.get("Relation Name")) for n in nodes]
    assert used & indexes, f"none of {sorted(indexes)} used: {summary}"


@pytest.fixture
def province_scale(world):
    """Each test fills its own (transactions roll back); few tests, each checking every persona."""
    _fill(world)
    assert Enrollment.objects.count() == ROWS
    return world


PERSONAS = ["province", "city", "county", "base"]
SEARCH_INDEXES = {"trainee_name_trgm", "trainee_id_number_trgm", "enrolment_name_trgm"}
# created_at's own index (from before the log moved to core) serves the time order too.
AUDIT_INDEXES = {
    "audit_newest",
    "audit_org_newest",
    "audit_action_newest",
    "accounts_auditentry_created_at_01c19e55",
}


def test_every_enrolment_list_order_and_deep_pages_walk_an_index(province_scale):
    for persona in PERSONAS:
        user = province_scale.users[persona]
        for sort in SORTS:
            enrollments, _ = sorted_by(enrollments_search(user), sort, SORTS, "-created")
            _assert_indexed(_page(enrollments), table="trainees_enrollment", indexes=ENROLMENT_INDEXES)
        enrollments, _ = sorted_by(enrollments_search(user), "-created", SORTS, "-created")
        deep = enrollments[10_000:10_050]
        _assert_indexed(deep, table="trainees_enrollment", indexes=ENROLMENT_INDEXES)
        assert len(deep) == 50


def test_name_and_id_fragment_searches_use_the_trigram_indexes(province_scale):
    for persona in PERSONAS:
        user = province_scale.users[persona]
        by_name = enrollments_search(user, q="学员1234")
        if not sees_all_in_full(user):
            # Those who see these trainees masked cannot search by fragments at all (trainees.privacy).
            assert not by_name.exists()
            continue
        _assert_indexed(_page(by_name), table="trainees_trainee", indexes=SEARCH_INDEXES)
        assert by_name.exists()
        by_birth_date = enrollments_search(user, q="19800612")
        _assert_indexed(_page(by_birth_date), table="trainees_trainee", indexes=SEARCH_INDEXES)
        assert by_birth_date.exists()


def test_the_audit_log_orders_and_text_search_use_indexes(province_scale):
    for persona in ("province", "city"):
        user = province_scale.users[persona]
        for sort in AUDIT_SORTS:
            entries, _ = sorted_by(audit_entries_search(user), sort, AUDIT_SORTS, "-created")
            _assert_indexed(_page(entries), table="core_auditentry", indexes=AUDIT_INDEXES)
        entries = audit_entries_search(user, obj="计划12345")
        _assert_indexed(_page(entries), table="core_auditentry", indexes={"audit_object_repr_trgm"})
        assert entries.exists()

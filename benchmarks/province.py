"""Province-scale data for the benchmarks, written with COPY: 16 bases, 100,000 enrolments spread over
them (with their trainees), and 100,000 audit entries of the bases' and the city's organisations.

All of it goes into the 临沂 tree, so the city clerk's lists span the whole 100,000 (the worst scope) and
a base's lists about 6,250. The enrolments belong to the 威海 2019 programme so that the roster import
benchmark (临沂 2023) finds no overlap with them.
"""

import datetime

from django.db import connection, transaction

from accounts.models import Organisation, User
from bases.models import Base
from core.idcard import check_digit
from core.models import AuditEntry
from programs.models import Occupation, Program
from trainees.models import Enrollment

BASES = 16
OTHER_PROGRAM = "weihai-2019"


def province_fill(*, anchor: Base, enrolments: int, audit_entries: int) -> list[Base]:
    """``anchor`` (the roster benchmark's base) and 15 more bases in its city; idempotent."""
    bases = _bases(anchor)
    have = Enrollment.objects.count()
    if have < enrolments:
        _enrolments(bases, enrolments - have)
    have = AuditEntry.objects.count()
    if have < audit_entries:
        _audit(anchor.organisation.city, bases, audit_entries - have)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return bases


def _bases(anchor: Base) -> list[Base]:
    city = anchor.organisation.city
    counties = list(Organisation.objects.filter(kind=Organisation.Kind.COUNTY, city=city).order_by("code"))
    bases = [anchor]
    for i in range(1, BASES):
        code = f"BENCH-BASE-{i:02d}"
        base = Base.objects.filter(organisation__code=code).first()
        if base is None:
            org = Organisation.objects.create(
                kind=Organisation.Kind.BASE,
                code=code,
                name=f"基准测试培训基地{i:02d}",
                parent=counties[i % len(counties)],
                bureau_name=f"基准测试培训基地{i:02d}",
            )
            base = Base.objects.create(
                organisation=org,
                kind="technical_school",
                qualified_from=datetime.date(2019, 1, 1),
                qualified_to=datetime.date(2035, 12, 31),
            )
            User.objects.create(username=f"bench-base-{i:02d}", organisation=org)
        bases.append(base)
    return bases


def _id(birth: datetime.date, sequence: int, region: str) -> str:
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def _enrolments(bases: list[Base], count: int) -> None:
    program = Program.objects.get(code=OTHER_PROGRAM)
    welder = Occupation.objects.get(name="焊工")
    start = Enrollment.objects.count()
    with transaction.atomic(), connection.cursor() as cursor:
        columns = "id_number, name, sex, birth_date, phone, created_at, updated_at"
        with cursor.copy(f"COPY trainees_trainee ({columns}) FROM STDIN") as copy:
            for n in range(start, start + count):
                birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=n % 9000)
                sequence = 500 + n // 9000
                sex = "M" if sequence % 2 else "F"
                copy.write_row(
                    [_id(birth, sequence, "370101"), f"存量{n}", sex, birth, "13800000000", "now", "now"]
                )
        base_ids = [b.pk for b in bases]
        cursor.execute(
            """
            INSERT INTO trainees_enrollment (
                trainee_id, program_id, base_id, occupation_id, level, status, employer, employer_type,
                cert_occupation, cert_number, title, honour, parallel_training, employer_recommended, remark,
                route, policy_version_id, reference_date, source, name, phone, withdrawal_reason,
                created_at, updated_at)
            SELECT t.id, %s, (%s::int[])[1 + t.id %% %s], %s, 2 + t.id %% 2, 'active',
                   '临沂某机械有限公司', '', '', '', '', '', false, false, '', 'years', %s, '2019-10-21',
                   'import', t.name, t.phone, '',
                   now() - t.id * interval '1 minute', now()
            FROM trainees_trainee t
            WHERE NOT EXISTS (SELECT 1 FROM trainees_enrollment e WHERE e.trainee_id = t.id)
            """,
            [program.pk, base_ids, len(base_ids), welder.pk, program.policy_id],
        )
    print(f"  stored {count} enrolments over {len(bases)} bases with COPY")


def _audit(city: Organisation, bases: list[Base], count: int) -> None:
    orgs = [city.pk, *(b.organisation_id for b in bases)]
    actions = ["trainee.register", "plan.submit", "plan.stamp", "trainee.export", "trainee.view_personal"]
    now = datetime.datetime.now(datetime.UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        columns = (
            "created_at, actor_name, organisation_id, action, object_id, object_repr, from_state, to_state, "
            "note"
        )
        with cursor.copy(f"COPY core_auditentry ({columns}) FROM STDIN") as copy:
            for n in range(count):
                copy.write_row(
                    [
                        now - datetime.timedelta(minutes=n),
                        f"操作员{n % 200}",
                        orgs[n % len(orgs)],
                        actions[n % len(actions)],
                        str(n),
                        f"存量{n} · 培训项目",
                        "",
                        "",
                        "",
                    ]
                )
    print(f"  stored {count} audit entries with COPY")


class World:
    """What the groups share: the roster benchmark's programme, base and city clerk, and the 16 bases."""

    def __init__(self, program, base, clerk, bases):
        self.program, self.base, self.clerk, self.bases = program, base, clerk, bases


_WORLD: World | None = None


def province(args) -> World:
    """The province-scale data every group measures on, stored once per process (and idempotent)."""
    global _WORLD
    if _WORLD is None:
        from . import roster_import

        program, base, clerk = roster_import.setup(args.rows)
        bases = province_fill(anchor=base, enrolments=args.existing, audit_entries=args.audit)
        _WORLD = World(program, base, clerk, bases)
    return _WORLD

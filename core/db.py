"""Database plumbing shared by the apps.

The demo runs on SQLite and production on PostgreSQL. PostgreSQL-only speed-ups (the pg_trgm extension
and GIN trigram indexes for the searches, COPY for bulk inserts) fall back to the plain way elsewhere:
``PostgresOnlySQL`` migrations do nothing on SQLite, and ``bulk_insert`` uses ``bulk_create`` there.
"""

from collections.abc import Iterable, Sequence

from django.db import connections, migrations, models, router

# Field types whose Python values PostgreSQL's COPY takes as they are (psycopg adapts them).
_COPY_AS_IS = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.DateField,  # DateTimeField too
    models.DecimalField,
    models.ForeignKey,
)


def bulk_insert(model: type[models.Model], objects: Iterable[models.Model]) -> int:
    """Insert new rows, without reading back their ids (query them when needed). On PostgreSQL one COPY:
    Django's ``bulk_create`` prepares every value in Python and psycopg quotes each parameter into the
    INSERT's text, which was half of a 5,000-row roster import. Auto-set fields (``auto_now_add``) are
    filled as ``bulk_create`` fills them; no signals are sent, as with ``bulk_create``."""
    objects = list(objects)
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=1000)
        return len(objects)
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))
    ]
    unknown = [f.name for f in fields if not isinstance(f, _COPY_AS_IS)]
    if unknown:
        raise TypeError(f"bulk_insert cannot copy the fields {unknown} of {model.__name__}")
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    # COPY goes to psycopg's cursor itself: its errors are wrapped into Django's (IntegrityError, …) here.
    statement = f"COPY {table} ({columns}) FROM STDIN"
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.copy(statement) as copy:
        for obj in objects:
            copy.write_row([f.pre_save(obj, True) for f in fields])
    return len(objects)


UPSERT_CHUNK = 50_000


def bulk_upsert(
    model: type[models.Model],
    rows: Iterable[Sequence],
    *,
    columns: Sequence[str],
    unique: Sequence[str],
    update: Sequence[str],
    template: models.Model,
) -> int:
    """Insert or update in place ``rows`` (tuples of the fields named ``columns``) on the conflict of the
    unique fields ``unique``, where the fields ``update`` are overwritten; a field not in ``columns`` takes
    ``template``'s value (auto_now fields: now). On
    PostgreSQL one INSERT … SELECT FROM unnest(one array per column) … ON CONFLICT DO UPDATE per
    ``UPSERT_CHUNK`` rows: no model object and no quoted parameter per value (``bulk_create`` with
    ``update_conflicts`` builds both); elsewhere ``bulk_create(update_conflicts=True)``."""
    rows = list(rows)
    connection = connections[router.db_for_write(model)]
    fields = [
        f for f in model._meta.concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))
    ]
    by_name = {f.name: f for f in fields}
    given = [by_name[name] for name in columns]
    rest = [f for f in fields if f.name not in columns]
    constants = [f.pre_save(template, True) for f in rest]
    if connection.vendor != "postgresql":
        objects = []
        for row in rows:
            obj = model(**{f.attname: v for f, v in zip(rest, constants, strict=True)})
            for f, value in zip(given, row, strict=True):
                setattr(obj, f.attname, value)
            objects.append(obj)
        model.objects.bulk_create(
            objects,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=list(unique),
            update_fields=list(update),
        )
        return len(rows)
    quote = connection.ops.quote_name
    targets = ", ".join(quote(f.column) for f in (*given, *rest))
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in given)
    conflict = ", ".join(quote(by_name[name].column) for name in unique)
    updates = ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in (by_name[n].column for n in update))
    selected = ", ".join(["*", *(["%s"] * len(rest))])
    statement = (
        f"INSERT INTO {quote(model._meta.db_table)} ({targets}) "
        f"SELECT {selected} FROM unnest({arrays}) "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
    )
    fixed = [f.get_db_prep_save(v, connection) for f, v in zip(rest, constants, strict=True)]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), UPSERT_CHUNK):
            chunk = rows[start : start + UPSERT_CHUNK]
            cursor.execute(statement, fixed + [[row[i] for row in chunk] for i in range(len(given))])
    return len(rows)


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs only when the database is PostgreSQL. It never changes the model state, so the
    indexes it creates are not declared in any model's Meta (makemigrations ignores them)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(*, name: str, table: str, expression: str) -> PostgresOnlySQL:
    """A GIN trigram index on ``expression``, written exactly as Django's lookups render it, so that
    ``icontains`` (``UPPER(col::text) LIKE UPPER(%s)``) and ``contains`` (``col::text LIKE %s``) use it."""
    return PostgresOnlySQL(
        sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)",
        reverse_sql=f"DROP INDEX IF EXISTS {name}",
    )


# pg_trgm ships with PostgreSQL's contrib (Debian: postgresql-15 itself). CREATE EXTENSION needs a
# role allowed to create it; pg_trgm is a "trusted" extension, so a database owner may.
TRIGRAM_EXTENSION = PostgresOnlySQL(
    sql="CREATE EXTENSION IF NOT EXISTS pg_trgm",
    reverse_sql=migrations.RunSQL.noop,
)

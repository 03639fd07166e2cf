"""Database plumbing shared by the apps' migrations.

The demo runs on SQLite and production on PostgreSQL. PostgreSQL-only speed-ups (the pg_trgm extension
and GIN trigram indexes for the searches) go through ``PostgresOnlySQL`` so that the same migrations
apply on both: on SQLite they do nothing and searches simply scan, which a demo's few rows allow.
"""

from django.db import migrations


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

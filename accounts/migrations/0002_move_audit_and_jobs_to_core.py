"""The audit log and jobs now belong to core (core 0001 took over their tables)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("core", "0001_initial"),
        ("trainees", "0003_roster_import_job_in_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEntry"), migrations.DeleteModel(name="Job")],
            database_operations=[],
        ),
    ]

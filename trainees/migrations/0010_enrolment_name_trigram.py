from django.db import migrations

from core.db import trigram_index


class Migration(migrations.Migration):
    """Name search reads the name each enrolment's base entered (Enrollment.name, trainees.privacy)."""

    dependencies = [("trainees", "0009_list_indexes_and_trigram_search")]

    operations = [
        trigram_index(name="enrolment_name_trgm", table="trainees_enrollment", expression='UPPER("name"::text)'),
    ]

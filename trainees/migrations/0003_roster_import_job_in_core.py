import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("trainees", "0002_roster_import"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rosterimport",
            name="job",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="core.job"
            ),
        ),
    ]

"""Routes and policy fields named by what they require, not by the city that first had them.

honour_weihai → honour_next_level, honour_dezhou → honour_cert_or_years (in every stored policy's
routes), and the field honour_dezhou_years → honour_years_technician.
"""

from django.db import migrations, models

RENAMED_ROUTES = {"honour_weihai": "honour_next_level", "honour_dezhou": "honour_cert_or_years"}


def _rename_routes(apps, mapping):
    PolicyVersion = apps.get_model("programs", "PolicyVersion")
    for version in PolicyVersion.objects.exclude(routes=[]).only("pk", "routes"):
        routes = [mapping.get(route, route) for route in version.routes]
        if routes != version.routes:
            PolicyVersion.objects.filter(pk=version.pk).update(routes=routes)


def forwards(apps, schema_editor):
    _rename_routes(apps, RENAMED_ROUTES)


def backwards(apps, schema_editor):
    _rename_routes(apps, {new: old for old, new in RENAMED_ROUTES.items()})


class Migration(migrations.Migration):
    dependencies = [('programs', '0003_policy_review_chain')]

    operations = [
        migrations.RenameField("policyversion", "honour_dezhou_years", "honour_years_technician"),
        migrations.AlterField(
            model_name="policyversion",
            name="honour_years_technician",
            field=models.PositiveSmallIntegerField(default=10, verbose_name="荣誉破格报考技师：累计工作年限"),
        ),
        migrations.RunPython(forwards, backwards),
    ]

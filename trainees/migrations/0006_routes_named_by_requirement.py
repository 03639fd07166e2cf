"""Enrolment routes named by what they require (see programs 0003): the stored routes of enrolments and
of roster previews waiting to be committed follow the new codes."""

from django.db import migrations, models

RENAMED_ROUTES = {"honour_weihai": "honour_next_level", "honour_dezhou": "honour_cert_or_years"}


def _rename(apps, mapping):
    Enrollment = apps.get_model("trainees", "Enrollment")
    for old, new in mapping.items():
        Enrollment.objects.filter(route=old).update(route=new)
    codes = {f"route_{old}": f"route_{new}" for old, new in mapping.items()}
    RosterImport = apps.get_model("trainees", "RosterImport")
    for roster_import in RosterImport.objects.exclude(report={}).only("pk", "report"):
        report = roster_import.report
        changed = False
        for row in report.get("rows", []):
            if row.get("route") in mapping:
                row["route"], changed = mapping[row["route"]], True
            for reason in row.get("reasons", []):
                if reason.get("code") in codes:
                    reason["code"], changed = codes[reason["code"]], True
        if changed:
            RosterImport.objects.filter(pk=roster_import.pk).update(report=report)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED_ROUTES)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED_ROUTES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_routes_named_by_requirement"),
        ("trainees", "0005_employer_types_individual_and_other"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enrollment",
            name="route",
            field=models.CharField(
                blank=True,
                choices=[
                    ("certificate", "持低一级证书满规定年限"),
                    ("years", "累计从事本职业（工种）年限"),
                    ("honour_next_level", "荣誉破格报考上一级"),
                    ("honour_cert_or_years", "荣誉破格（持低一级证书或满规定年限）"),
                    ("title_years", "工程师职称＋累计工作年限"),
                    ("title_certificate", "职称＋低一级证书满规定年限"),
                ],
                max_length=20,
                verbose_name="报名途径",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]

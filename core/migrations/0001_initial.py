"""Move the audit log and background jobs from accounts to core, keeping their rows.

The models are taken over in the migration state as they are (same tables), then their tables are
renamed to core's; accounts drops them from its state in its migration 0002. Content types follow, so
audit entries that point at jobs keep pointing at them.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_types_to_core(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("job", "auditentry"):
        ContentType.objects.filter(app_label="core", model=model).delete()
        ContentType.objects.filter(app_label="accounts", model=model).update(app_label="core")


def content_types_to_accounts(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("job", "auditentry"):
        ContentType.objects.filter(app_label="core", model=model).update(app_label="accounts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Job',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(max_length=60, verbose_name='任务类型')),
                        ('title', models.CharField(max_length=200, verbose_name='任务名称')),
                        ('params', models.JSONField(blank=True, default=dict, verbose_name='参数')),
                        ('status', models.CharField(choices=[('pending', '排队中'), ('running', '进行中'), ('succeeded', '已完成'), ('failed', '失败')], default='pending', max_length=10, verbose_name='状态')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='进度')),
                        ('result', models.FileField(blank=True, upload_to='jobs/%Y/%m/', verbose_name='结果文件')),
                        ('result_name', models.CharField(blank=True, max_length=200, verbose_name='文件名')),
                        ('error', models.TextField(blank=True, verbose_name='错误信息')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='创建时间')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='完成时间')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='jobs', to=settings.AUTH_USER_MODEL, verbose_name='发起人')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation', verbose_name='所属机构')),
                    ],
                    options={
                        'verbose_name': '后台任务',
                        'verbose_name_plural': '后台任务',
                        'ordering': ['-created_at', '-id'],
                        'db_table': 'accounts_job',
                    },
                ),
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='时间')),
                        ('actor_name', models.CharField(blank=True, max_length=150, verbose_name='操作人')),
                        ('action', models.CharField(db_index=True, max_length=60, verbose_name='操作')),
                        ('object_id', models.CharField(blank=True, max_length=40)),
                        ('object_repr', models.CharField(blank=True, max_length=200, verbose_name='对象')),
                        ('from_state', models.CharField(blank=True, max_length=40, verbose_name='原状态')),
                        ('to_state', models.CharField(blank=True, max_length=40, verbose_name='新状态')),
                        ('note', models.TextField(blank=True, verbose_name='说明')),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='操作人')),
                        ('content_type', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype')),
                        ('organisation', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.organisation', verbose_name='所属机构')),
                    ],
                    options={
                        'verbose_name': '操作日志',
                        'verbose_name_plural': '操作日志',
                        'ordering': ['-created_at', '-id'],
                        'db_table': 'accounts_auditentry',
                        'indexes': [models.Index(fields=['content_type', 'object_id'], name='accounts_au_content_3ef208_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="job", table=None),
        migrations.AlterModelTable(name="auditentry", table=None),
        migrations.RenameIndex(
            model_name="auditentry",
            new_name="core_audite_content_45f5e6_idx",
            old_name="accounts_au_content_3ef208_idx",
        ),
        migrations.RunPython(content_types_to_core, content_types_to_accounts),
    ]

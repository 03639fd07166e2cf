"""What every app records: the audit log and background jobs."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from accounts.models import Organisation


class AuditEntry(models.Model):
    """One recorded action: who did what to which object, with the state change and a note."""

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    # The organisation the object belongs to: it decides who may read the entry.
    organisation = models.ForeignKey(
        Organisation, verbose_name="所属机构", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=60, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.SET_NULL, related_name="+")
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    from_state = models.CharField("原状态", max_length=40, blank=True)
    to_state = models.CharField("新状态", max_length=40, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "操作日志"
        verbose_name_plural = "操作日志"
        ordering = ["-created_at", "-id"]
        # The log's ordering alone (province) and within the organisations of a scope; searches by
        # action keep the same order. Text searches use trigram indexes (migration 0002, PostgreSQL).
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["-created_at", "-id"], name="audit_newest"),
            models.Index(fields=["organisation", "-created_at", "-id"], name="audit_org_newest"),
            models.Index(fields=["action", "-created_at", "-id"], name="audit_action_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.object_repr}"

    @property
    def from_state_text(self) -> str:
        from .audit import entry_state_text

        return entry_state_text(self, self.from_state)

    @property
    def to_state_text(self) -> str:
        from .audit import entry_state_text

        return entry_state_text(self, self.to_state)

    @property
    def note_text(self) -> str:
        from .audit import entry_note_text

        return entry_note_text(self)


class Job(models.Model):
    """A background job (export, PDF batch, big import) whose progress a page follows."""

    class Status(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "进行中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("任务类型", max_length=60)
    title = models.CharField("任务名称", max_length=200)
    # The Celery task that runs it, so that a failed job can be started again.
    task_name = models.CharField("后台任务", max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    # Whose data the job reads. The job and its file belong to the requester; users whose scope covers this
    # organisation see them too only when the job's kind allows it (never for personal data).
    organisation = models.ForeignKey(
        Organisation, verbose_name="所属机构", on_delete=models.PROTECT, related_name="+"
    )
    shared_in_scope = models.BooleanField("本辖区可见", default=False)
    params = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("进度", default=0)
    result = models.FileField("结果文件", upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField("文件名", max_length=200, blank=True)
    # What the file holds ({"rows": n, "full_columns": [...]}), recorded with every download.
    result_summary = models.JSONField("结果内容", default=dict, blank=True)
    error = models.TextField("错误信息", blank=True)
    # Runs started; a task lost with its worker is delivered again, up to settings.JOB_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]
        # The sweep looks for unfinished jobs by age.
        indexes = [models.Index(fields=["status", "created_at"], name="core_job_status_created")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

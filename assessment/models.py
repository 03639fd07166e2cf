"""Completion assessment (结业考核) and skill appraisal (鉴定/认定) results (SPEC §8).

One result per enrolment, entered in batches: a batch is what one assessing organisation submits for one
base of one programme, and once approved it is frozen. Certificates, subsidies and statistics read who
passed through `assessment.selectors`, never these fields directly.
"""

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from bases.models import Base
from programs.choices import Level
from programs.models import Program
from trainees.models import Enrollment


class ResultBatch(models.Model):
    """The results of one base in one programme, as submitted by the organisation that assessed them."""

    class Status(models.TextChoices):
        DRAFT = "draft", "录入中"
        SUBMITTED = "submitted", "已提交"
        APPROVED = "approved", "已审定"
        REOPENED = "reopened", "已退回更正"

    STATUS_BADGES = {
        Status.DRAFT: "",
        Status.SUBMITTED: "blue",
        Status.APPROVED: "green",
        Status.REOPENED: "gold",
    }

    program = models.ForeignKey(Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="+")
    base = models.ForeignKey(
        Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="result_batches"
    )
    assessor = models.ForeignKey(
        Organisation, verbose_name="考核评价机构", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "考核结果批次"
        verbose_name_plural = "考核结果批次"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "base"], name="one_result_batch_per_base_and_program")
        ]

    def __str__(self) -> str:
        return f"{self.base} · {self.program} 考核结果"

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "")


class Result(models.Model):
    """One trainee's completion assessment and, where the occupation leads to one, skill appraisal."""

    class Outcome(models.TextChoices):
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"

    class Appraisal(models.TextChoices):
        PASS = "pass", "合格"
        FAIL = "fail", "不合格"
        ABSENT = "absent", "未参加"

    batch = models.ForeignKey(
        ResultBatch, verbose_name="批次", on_delete=models.CASCADE, related_name="results"
    )
    enrollment = models.OneToOneField(
        Enrollment, verbose_name="报名登记", on_delete=models.PROTECT, related_name="result"
    )
    score = models.DecimalField("考核成绩", max_digits=5, decimal_places=1, null=True, blank=True)
    outcome = models.CharField("考核结果", max_length=10, choices=Outcome.choices)
    appraisal = models.CharField("鉴定结果", max_length=10, choices=Appraisal.choices, blank=True)
    level_obtained = models.PositiveSmallIntegerField(
        "取得等级", choices=Level.choices, null=True, blank=True
    )
    certificate_number = models.CharField("证书编号", max_length=40, blank=True)
    certificate_date = models.DateField("发证日期", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["batch", "outcome"])]

    def __str__(self) -> str:
        return f"{self.enrollment} {self.get_outcome_display()}"

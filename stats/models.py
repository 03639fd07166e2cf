"""Who sends which statistics table to whom by when (policy data), what was sent, and class archives."""

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from attendance.models import TrainingClass
from programs.models import Deadline, Program

from .layouts import LayoutKind


class StatisticsPolicy(models.Model):
    """A programme's statistics rules as data: the table's layout, who sends it to whom, the deadline,
    and how long class archives are kept. Presets (stats/presets.py) reproduce the notices."""

    class Sender(models.TextChoices):
        BASE = "base", "培训基地"
        COUNTY = "county", "县区人社局"

    program = models.OneToOneField(
        Program, verbose_name="培训项目", on_delete=models.CASCADE, related_name="statistics_policy"
    )
    layout = models.CharField("统计表样式", max_length=30, choices=LayoutKind.choices)
    sender = models.CharField("报送单位", max_length=10, choices=Sender.choices, default=Sender.BASE)
    due = models.DateField("报送截止日期", null=True, blank=True)
    deadline = models.ForeignKey(
        Deadline, verbose_name="时间节点", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group_scope = models.CharField(
        "群体范围", max_length=100, blank=True, help_text="项目制培训统计表的“群体范围”栏"
    )
    archive_years = models.PositiveSmallIntegerField("培训档案保存年限", default=5)

    class Meta:
        verbose_name = "统计报送规则"
        verbose_name_plural = "统计报送规则"

    def __str__(self) -> str:
        return f"{self.program} 统计报送规则"


class Submission(models.Model):
    """One sheet as sent: the figures and the file are stored and never recomputed."""

    program = models.ForeignKey(Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(
        Organisation, verbose_name="报送单位", on_delete=models.PROTECT, related_name="statistics_sent"
    )
    receiver = models.ForeignKey(
        Organisation, verbose_name="接收单位", on_delete=models.PROTECT, related_name="statistics_received"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("报送时间", auto_now_add=True)
    filled_by = models.CharField("填报人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    signer = models.CharField("签字（分管负责人）", max_length=30, blank=True)
    figures = models.JSONField("统计数字")
    file = models.FileField("统计表", upload_to="statistics/%Y/")

    class Meta:
        verbose_name = "统计表报送"
        verbose_name_plural = "统计表报送"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["program", "sender"])]

    def __str__(self) -> str:
        return f"{self.sender} → {self.receiver}：{self.program}"


class ClassArchive(models.Model):
    """A class's archive bundle (归档), kept at least the policy's years before it may be deleted."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name="培训班次", on_delete=models.PROTECT, related_name="archives"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="归档人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("归档时间", auto_now_add=True)
    keep_until = models.DateField("保存至")
    file = models.FileField("归档文件", upload_to="archives/%Y/")
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    contents = models.JSONField("归档内容", default=list)

    class Meta:
        verbose_name = "班次归档"
        verbose_name_plural = "班次归档"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.training_class} 归档（{self.created_at:%Y-%m-%d}）"


class PerformanceReport(models.Model):
    """A base's 绩效评估报告 for a programme (德州 六, 潍坊 四): the facts are the portal's, the problems
    and remedies the base's own words; the PDF is sealed and stored when the base submits it, and the
    city collects them (or returns one to be rewritten)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已报送"
        RETURNED = "returned", "已退回"

    STATUS_BADGES = {Status.DRAFT: "", Status.SUBMITTED: "green", Status.RETURNED: "red"}

    program = models.ForeignKey(Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="+")
    base = models.ForeignKey(
        "bases.Base", verbose_name="培训基地", on_delete=models.PROTECT, related_name="performance_reports"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.DRAFT)
    achievements = models.TextField("主要成效", max_length=3000, blank=True)
    problems = models.TextField("存在问题", max_length=3000)
    remedies = models.TextField("整改措施", max_length=3000)
    figures = models.JSONField("报送时的数据", default=dict, blank=True)
    file = models.FileField("绩效评估报告", upload_to="performance/%Y/", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="报送人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    city_opinion = models.CharField("市人社局意见", max_length=500, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "绩效评估报告"
        verbose_name_plural = "绩效评估报告"
        ordering = ["program", "base"]
        constraints = [
            models.UniqueConstraint(fields=["program", "base"], name="performance_report_one_per_base")
        ]

    def __str__(self) -> str:
        return f"{self.base} · {self.program} 绩效评估报告"

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "")

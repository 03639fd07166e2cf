import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from accounts.models import Organisation
from programs.choices import Level
from programs.models import Occupation, Program

from .choices import BaseKind, SanctionKind


class Base(models.Model):
    """A training base's profile; its node in the organisation tree (and its users) is ``organisation``."""

    class Status(models.TextChoices):
        QUALIFIED = "qualified", "具备资质"
        SUSPENDED = "suspended", "暂停"
        DISQUALIFIED = "disqualified", "取消资格"

    organisation = models.OneToOneField(
        Organisation,
        verbose_name="机构",
        on_delete=models.PROTECT,
        related_name="base_profile",
        limit_choices_to={"kind": Organisation.Kind.BASE},
    )
    kind = models.CharField("基地类型", max_length=20, choices=BaseKind.choices)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    qualified_from = models.DateField("资质起始日期", null=True, blank=True)
    qualified_to = models.DateField("资质截止日期", null=True, blank=True)
    status = models.CharField("资质状态", max_length=15, choices=Status.choices, default=Status.QUALIFIED)
    banned_until = models.DateField("禁止申报至", null=True, blank=True)

    class Meta:
        verbose_name = "培训基地"
        verbose_name_plural = "培训基地"
        ordering = ["organisation__code"]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name

    @property
    def code(self) -> str:
        return self.organisation.code

    def clean(self) -> None:
        if self.qualified_from and self.qualified_to and self.qualified_from > self.qualified_to:
            raise ValidationError({"qualified_to": "资质截止日期不能早于起始日期。"})

    def application_refusal(self, on: datetime.date) -> str:
        """Why the base may not apply for a programme on that day ("" if it may)."""
        if self.banned_until and on <= self.banned_until:
            return f"本基地被取消资格，{self.banned_until:%Y年%m月%d日}前不得申报。"
        if self.status != self.Status.QUALIFIED:
            return f"本基地资质状态为“{self.get_status_display()}”，不能申报。"
        if self.qualified_from and on < self.qualified_from:
            return f"本基地资质自 {self.qualified_from:%Y年%m月%d日} 起生效，目前不能申报。"
        if self.qualified_to and on > self.qualified_to:
            return f"本基地资质已于 {self.qualified_to:%Y年%m月%d日} 到期，不能申报。"
        return ""


class Qualification(models.Model):
    """An occupation and level the base is qualified to train."""

    base = models.ForeignKey(Base, on_delete=models.CASCADE, related_name="qualifications")
    occupation = models.ForeignKey(Occupation, verbose_name="职业（工种）", on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField("等级", choices=Level.choices)

    class Meta:
        verbose_name = "培训资质"
        verbose_name_plural = "培训资质"
        ordering = ["occupation__name", "level"]
        constraints = [
            models.UniqueConstraint(fields=["base", "occupation", "level"], name="qualification_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation}（{self.get_level_display()}）"


class Sanction(models.Model):
    """A measure taken against a base (SPEC §11)."""

    base = models.ForeignKey(Base, on_delete=models.PROTECT, related_name="sanctions")
    kind = models.CharField("处理方式", max_length=15, choices=SanctionKind.choices)
    reason = models.TextField("事由")
    decided_on = models.DateField("决定日期")
    due_date = models.DateField("整改期限", null=True, blank=True)
    amount = models.DecimalField(
        "追缴金额（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ban_until = models.DateField("禁止申报至", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "处理记录"
        verbose_name_plural = "处理记录"
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.base} {self.get_kind_display()}"

    def clean(self) -> None:
        required = {
            SanctionKind.RECTIFY: ("due_date", "限期整改须填写整改期限。"),
            SanctionKind.CLAWBACK: ("amount", "追缴补贴须填写追缴金额。"),
            SanctionKind.DISQUALIFY: ("ban_until", "取消资格须填写禁止申报截止日期。"),
        }.get(self.kind)
        if required and getattr(self, required[0]) in (None, ""):
            raise ValidationError({required[0]: required[1]})


class PlanApplication(models.Model):
    """A base's plan for one programme: its lines, and where it stands in review (SPEC §5)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "基地已盖章提交"
        RETURNED = "returned", "已退回修改"
        COUNTY_APPROVED = "county_approved", "县区已审核盖章"
        CITY_APPROVED = "city_approved", "市级审批通过"
        REJECTED = "rejected", "未通过"
        IN_NOTICE = "in_notice", "公示中"
        OBJECTION = "objection", "公示有异议"
        CONFIRMED = "confirmed", "已确定"

    # Statuses in which the base may edit its plan; every other status is frozen (stamped).
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    # The badge colour of each status (templates/_status_badge.html via the status_badge tag).
    STATUS_BADGES = {
        Status.DRAFT: "",
        Status.SUBMITTED: "blue",
        Status.RETURNED: "red",
        Status.COUNTY_APPROVED: "blue",
        Status.CITY_APPROVED: "gold",
        Status.REJECTED: "red",
        Status.IN_NOTICE: "gold",
        Status.OBJECTION: "red",
        Status.CONFIRMED: "green",
    }

    program = models.ForeignKey(
        Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="plans"
    )
    base = models.ForeignKey(Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="plans")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    base_opinion = models.TextField("基地意见", blank=True)
    base_stamped_at = models.DateTimeField("基地盖章时间", null=True, blank=True)
    county_opinion = models.TextField("县区审核意见", blank=True)
    county_stamped_at = models.DateTimeField("县区盖章时间", null=True, blank=True)
    city_opinion = models.TextField("市级审批意见", blank=True)
    city_decided_at = models.DateTimeField("市级审批时间", null=True, blank=True)
    publication = models.ForeignKey(
        "Publication",
        verbose_name="公示",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "培训计划申报"
        verbose_name_plural = "培训计划申报"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "base"], name="one_plan_per_base_and_program")
        ]
        indexes = [models.Index(fields=["program", "status"])]

    def __str__(self) -> str:
        return f"{self.base} · {self.program.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def status_notice(self) -> dict | None:
        """The banner the plan's page shows in this status ({level, text}), if any."""
        if self.status == self.Status.RETURNED:
            return {
                "level": "warning",
                "text": "该计划已被退回修改，修改明细后须重新盖章提交；退回理由见下方“办理记录”。",
            }
        if self.status == self.Status.REJECTED:
            return {"level": "error", "text": f"该计划未通过：{self.city_opinion or '理由见下方办理记录'}"}
        return None


WHOLE_BASE = "不分职业（工种）"


class PlanLine(models.Model):
    """One line of a plan: an occupation and level (or the whole base), how many, and when."""

    plan = models.ForeignKey(PlanApplication, on_delete=models.CASCADE, related_name="lines")
    # Blank occupation and level: places for the base as a whole, where the programme counts places per
    # base (潍坊 附件1 gives one number per base and names no trade).
    occupation = models.ForeignKey(
        Occupation, verbose_name="职业（工种）", on_delete=models.PROTECT, null=True, blank=True
    )
    level = models.PositiveSmallIntegerField("等级", choices=Level.choices, null=True, blank=True)
    planned_count = models.PositiveIntegerField("拟培训人数", validators=[MinValueValidator(1)])
    start = models.DateField("拟培训开始日期", null=True, blank=True)
    end = models.DateField("拟培训结束日期", null=True, blank=True)
    remark = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "计划明细"
        verbose_name_plural = "计划明细"
        ordering = ["-level", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "occupation", "level"], name="plan_line_unique_occupation_level"
            ),
            # A line names both an occupation and a level, or neither (the whole base)…
            models.CheckConstraint(
                condition=models.Q(occupation__isnull=True, level__isnull=True)
                | models.Q(occupation__isnull=False, level__isnull=False),
                name="plan_line_occupation_and_level_together",
            ),
            # …and a plan has at most one line for the whole base.
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(occupation__isnull=True), name="plan_line_one_whole_base"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.what}{self.planned_count}人"

    @property
    def what(self) -> str:
        """ "焊工（技师）", or "不分职业（工种）" for a line of the whole base."""
        if self.occupation_id is None:
            return WHOLE_BASE
        return f"{self.occupation.name}（{self.get_level_display()}）"

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "结束日期不能早于开始日期。"})


class Publication(models.Model):
    """A public notice (公示) of the plans a city approved, open for objections during its period."""

    program = models.ForeignKey(
        Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="publications"
    )
    title = models.CharField("公示标题", max_length=200)
    starts_on = models.DateField("公示开始日期")
    ends_on = models.DateField("公示截止日期")
    # Where and how the public may object (issue 10.18); prefilled from the city's previous notice.
    objection_phone = models.CharField("异议受理电话", max_length=40, blank=True)
    objection_address = models.CharField("异议受理地址", max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    closed_at = models.DateTimeField("公示结束处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def default_title(program: Program) -> str:
        """The title the city starts from: "2021年度德州市“金蓝领”技师（高级技师）培训基地及培训计划公示"."""
        return f"{program.training_name}基地及培训计划公示"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.starts_on > self.ends_on:
            raise ValidationError({"ends_on": "公示截止日期不能早于开始日期。"})

    def is_open(self, on: datetime.date) -> bool:
        return self.starts_on <= on <= self.ends_on


class Objection(models.Model):
    """An objection to a plan received during its public notice, and how it was settled."""

    class Outcome(models.TextChoices):
        PENDING = "", "待处理"
        UPHELD = "upheld", "异议成立（不予确定）"
        DISMISSED = "dismissed", "异议不成立（予以确定）"

    plan = models.ForeignKey(PlanApplication, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField("收到日期")
    content = models.TextField("异议内容")
    outcome = models.CharField("处理结果", max_length=10, choices=Outcome.choices, blank=True, default="")
    resolution_note = models.TextField("处理说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "异议"
        verbose_name_plural = "异议"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} 异议"

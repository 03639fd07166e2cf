"""Training certificates (培训合格证书, SPEC §8, issue 12.4–12.7).

A certificate keeps a snapshot of what it certifies (name, sex, ID number, base, occupation, level, dates,
issuer) so that the printed page and the public verification never change when a roster is corrected
later. Numbers are ``YYYY`` + a 4-digit sequence per issuing city and year (临沂 附件2 "编号：2023XXXX"),
drawn from one ``CertificateSequence`` row locked for the whole issue: unique, never reused (a revoked
certificate keeps its number), never skipped (a failed issue rolls the counter back with it).
"""

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from bases.models import Base
from programs.choices import Level
from programs.models import Program
from trainees.models import Enrollment


class CertificateSequence(models.Model):
    """The last number issued by one city in one year; locked (select_for_update) while issuing."""

    city = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = "证书编号序列"
        verbose_name_plural = "证书编号序列"
        constraints = [
            models.UniqueConstraint(fields=["city", "year"], name="one_certificate_sequence_per_city_year")
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.year}：{self.last}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", "有效"
        REVOKED = "revoked", "已撤销"

    STATUS_BADGES = {Status.VALID: "green", Status.REVOKED: "red"}

    number = models.CharField("证书编号", max_length=12, unique=True)
    enrollment = models.OneToOneField(
        Enrollment, verbose_name="报名登记", on_delete=models.PROTECT, related_name="certificate"
    )
    program = models.ForeignKey(Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="+")
    base = models.ForeignKey(Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="+")
    city = models.ForeignKey(
        Organisation, verbose_name="编号所属市", on_delete=models.PROTECT, related_name="+"
    )
    issuer = models.ForeignKey(
        Organisation, verbose_name="发证机构", on_delete=models.PROTECT, related_name="certificates_issued"
    )
    issued_on = models.DateField("发证日期")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_on = models.DateField("撤销日期", null=True, blank=True)
    revoked_reason = models.CharField("撤销原因", max_length=200, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The snapshot printed on the page and shown by the verification.
    name = models.CharField("姓名", max_length=30)
    sex = models.CharField("性别", max_length=2)
    id_number = models.CharField("身份证号码", max_length=18)
    base_name = models.CharField("培训基地名称", max_length=100)
    occupation_name = models.CharField("职业（工种）", max_length=60)
    level = models.PositiveSmallIntegerField("等级", choices=Level.choices)
    training_start = models.DateField("培训开始日期", null=True, blank=True)
    training_end = models.DateField("培训结束日期", null=True, blank=True)
    issuer_name = models.CharField("发证机构名称", max_length=100)
    program_name = models.CharField("培训项目名称", max_length=120)
    title = models.CharField("证书标题", max_length=120)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "培训合格证书"
        verbose_name_plural = "培训合格证书"
        ordering = ["number"]
        indexes = [models.Index(fields=["program", "base", "number"])]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def status_badge(self) -> str:
        return self.STATUS_BADGES.get(self.status, "")

    @property
    def level_name(self) -> str:
        return Level(self.level).label


class PassersList(models.Model):
    """A list of those who passed, published by the city before certificates are issued (德州 四(四)
    "由市人力资源社会保障局发文公布"). Its entries are the enrolments it names; publishing again names
    those who passed since."""

    program = models.ForeignKey(Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    published_on = models.DateField("公布日期")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "考评合格名单"
        verbose_name_plural = "考评合格名单"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class PassersListEntry(models.Model):
    passers_list = models.ForeignKey(PassersList, on_delete=models.CASCADE, related_name="entries")
    enrollment = models.OneToOneField(Enrollment, on_delete=models.PROTECT, related_name="passers_entry")

    class Meta:
        verbose_name = "考评合格名单学员"
        verbose_name_plural = "考评合格名单学员"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.passers_list} · {self.enrollment_id}"

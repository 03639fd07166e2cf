from django.conf import settings
from django.db import models

from bases.models import Base
from programs.choices import Education, EmployerType, Level, MaterialKind, Route, Sex, Title
from programs.models import Occupation, PolicyVersion, Program


class Trainee(models.Model):
    """A person, identified by the ID number and stored once for the whole province."""

    id_number = models.CharField("身份证号码", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=30)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("联系电话", max_length=20, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "学员"
        verbose_name_plural = "学员"

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """A person in one programme at one base, for one occupation and level, with the facts they declared
    and the eligibility decision (route, policy version, reference date) they were accepted under."""

    class Status(models.TextChoices):
        ACTIVE = "active", "在册"
        WITHDRAWN = "withdrawn", "已退出"

    # Lists mark what is not the normal state with a (plain) badge; an active enrolment shows its label.
    STATUS_BADGES = {Status.WITHDRAWN: ""}

    class Source(models.TextChoices):
        FORM = "form", "逐个登记"
        IMPORT = "import", "花名册导入"

    trainee = models.ForeignKey(
        Trainee, verbose_name="学员", on_delete=models.PROTECT, related_name="enrollments"
    )
    program = models.ForeignKey(
        Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="enrollments"
    )
    base = models.ForeignKey(
        Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="enrollments"
    )
    occupation = models.ForeignKey(Occupation, verbose_name="参加培训职业（工种）", on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField("培训等级", choices=Level.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)

    # What the base entered for the person, as entered: the person record (Trainee) belongs to whoever
    # registered the person first, and another organisation's registration never overwrites it.
    name = models.CharField("姓名（本次登记）", max_length=30, blank=True)
    phone = models.CharField("联系电话（本次登记）", max_length=20, blank=True)

    # What the applicant declared, as it was when they enrolled.
    employer = models.CharField("工作单位", max_length=100, blank=True)
    employer_type = models.CharField("单位类型", max_length=20, choices=EmployerType.choices, blank=True)
    social_insurance = models.BooleanField("参加社会保险", null=True)
    education = models.PositiveSmallIntegerField("文化程度", choices=Education.choices, null=True, blank=True)
    cert_occupation = models.CharField("现职业（工种）", max_length=60, blank=True)
    cert_level = models.PositiveSmallIntegerField("现证书等级", choices=Level.choices, null=True, blank=True)
    cert_number = models.CharField("证书编号", max_length=40, blank=True)
    cert_date = models.DateField("发证日期", null=True, blank=True)
    years_in_trade = models.PositiveSmallIntegerField("工作年限", null=True, blank=True)
    title = models.CharField("专业技术职称", max_length=20, choices=Title.choices, blank=True)
    title_date = models.DateField("职称取得日期", null=True, blank=True)
    honour = models.CharField("荣誉", max_length=200, blank=True)
    parallel_training = models.BooleanField("同期参加其他补贴性培训", default=False)
    employer_recommended = models.BooleanField("用人单位推荐", default=False)
    remark = models.CharField("备注", max_length=200, blank=True)

    # The decision it was accepted under.
    route = models.CharField("报名途径", max_length=20, choices=Route.choices, blank=True)
    policy_version = models.ForeignKey(
        PolicyVersion, verbose_name="政策版本", on_delete=models.PROTECT, related_name="enrollments"
    )
    reference_date = models.DateField("资格审核基准日")

    withdrawn_at = models.DateTimeField("退出时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.CharField("退出原因", max_length=200, blank=True)

    source = models.CharField("登记方式", max_length=10, choices=Source.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "报名登记"
        verbose_name_plural = "报名登记"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The same person cannot be enrolled twice in one programme, however the rows arrive.
            models.UniqueConstraint(
                fields=["trainee", "program"], name="one_enrollment_per_person_and_program"
            )
        ]
        # The list's orderings, alone (province, or a city/county walking the index while filtering its
        # bases) and within one base; each sortable column has its own. Name and ID-number search use
        # trigram indexes on the trainee (migration 0004, PostgreSQL only).
        indexes = [
            models.Index(fields=["program", "base", "occupation", "level"]),
            models.Index(fields=["base", "status"]),
            models.Index(fields=["-created_at", "-id"], name="enrolment_newest"),
            models.Index(fields=["base", "-created_at", "-id"], name="enrolment_base_newest"),
            models.Index(fields=["level", "-created_at", "-id"], name="enrolment_level_newest"),
            models.Index(fields=["base", "level", "-created_at", "-id"], name="enrolment_base_level_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee} · {self.program}"

    @property
    def entered_name(self) -> str:
        """The name as this enrolment's base entered it (older enrolments: the person record's)."""
        return self.name or self.trainee.name

    @property
    def entered_phone(self) -> str:
        return self.phone or self.trainee.phone

    def differs_from_person(self) -> list[str]:
        """Which of the fields this base entered differ from the person record (labels only: the record
        may belong to another organisation, whose values this base is not shown)."""
        trainee = self.trainee
        differs = []
        if self.name and self.name != trainee.name:
            differs.append("姓名")
        if self.phone and self.phone != trainee.phone:
            differs.append("联系电话")
        return differs


class Material(models.Model):
    """A scanned document of an enrolment; one per kind, a new upload replaces the old one."""

    # The kinds are policy vocabulary (a policy says which it requires), so they live in programs.
    Kind = MaterialKind

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField("材料类型", max_length=20, choices=Kind.choices)
    file = models.FileField("文件", upload_to="materials/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=10)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now=True)

    class Meta:
        verbose_name = "报名材料"
        verbose_name_plural = "报名材料"
        constraints = [models.UniqueConstraint(fields=["enrollment", "kind"], name="one_material_per_kind")]

    def __str__(self) -> str:
        return f"{self.enrollment} {self.get_kind_display()}"


class RosterFiling(models.Model):
    """The base's roster for a programme, filed with its county (备案)."""

    class Status(models.TextChoices):
        FILED = "filed", "已报备待确认"
        ACKNOWLEDGED = "acknowledged", "县区已确认"
        RETURNED = "returned", "县区已退回"
        CITY_CHECKED = "city_checked", "市级已复核备案"

    STATUS_BADGES = {
        Status.FILED: "gold",
        Status.ACKNOWLEDGED: "green",
        Status.RETURNED: "red",
        Status.CITY_CHECKED: "green",
    }

    base = models.ForeignKey(Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="filings")
    program = models.ForeignKey(
        Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="filings"
    )
    status = models.CharField("状态", max_length=15, choices=Status.choices, default=Status.FILED)
    enrollment_count = models.PositiveIntegerField("备案人数", default=0)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("报备时间")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("确认时间", null=True, blank=True)
    review_note = models.TextField("县区意见", blank=True)
    changes_since_filing = models.PositiveIntegerField("报备后变更次数", default=0)

    class Meta:
        verbose_name = "花名册备案"
        verbose_name_plural = "花名册备案"
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["base", "program"], name="one_filing_per_base_and_program")
        ]

    def __str__(self) -> str:
        return f"{self.base} · {self.program} 花名册备案"


class RosterImport(models.Model):
    """An uploaded roster between its preview and its commit. The file is judged again at commit time,
    so that what changed in between (another import, a full quota) is caught."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "已上传，校验中"
        CHECKED = "checked", "已校验，待确认导入"
        COMMITTED = "committed", "已导入"
        FAILED = "failed", "失败"

    STATUS_BADGES = {
        Status.UPLOADED: "blue",
        Status.CHECKED: "gold",
        Status.COMMITTED: "green",
        Status.FAILED: "red",
    }

    base = models.ForeignKey(
        Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="roster_imports"
    )
    program = models.ForeignKey(Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="+")
    file = models.FileField("花名册文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.UPLOADED)
    report = models.JSONField("校验结果", default=dict, blank=True)
    accepted = models.PositiveIntegerField("通过行数", default=0)
    rejected = models.PositiveIntegerField("不通过行数", default=0)
    saved = models.PositiveIntegerField("已保存人数", default=0)
    committed_at = models.DateTimeField("导入时间", null=True, blank=True)
    error = models.TextField("错误信息", blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "花名册导入"
        verbose_name_plural = "花名册导入"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.base} · {self.original_name}"

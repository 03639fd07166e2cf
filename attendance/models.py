"""Training delivery: classes (班次), their schedule (课程安排表) and attendance (SPEC §7)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from bases.models import Base
from programs.choices import Level
from programs.models import Occupation, Program
from trainees.models import Enrollment

from .choices import Category, Mode


class TrainingClass(models.Model):
    """One occupation and level of one programme taught at one base to a group of its trainees."""

    # The filing of the class's scheme (开班备案) will add its own status beside these fields; nothing
    # here depends on a class being filed, so the workflow can be added without touching attendance.

    program = models.ForeignKey(
        Program, verbose_name="培训项目", on_delete=models.PROTECT, related_name="classes"
    )
    base = models.ForeignKey(Base, verbose_name="培训基地", on_delete=models.PROTECT, related_name="classes")
    occupation = models.ForeignKey(Occupation, verbose_name="职业（工种）", on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField("等级", choices=Level.choices)
    name = models.CharField("班次名称", max_length=60)
    head_teacher = models.CharField("班主任", max_length=30)
    place = models.CharField("培训地点", max_length=100)
    start = models.DateField("开班日期")
    end = models.DateField("结业日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "培训班次"
        verbose_name_plural = "培训班次"
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "base", "name"], name="class_name_unique_per_base"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="class_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["program", "base", "occupation", "level"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": "结业日期不能早于开班日期。"})


class ClassMember(models.Model):
    """A trainee (their enrolment) assigned to a class."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="members")
    # An enrolment belongs to exactly one programme, so "one class per enrolment" is "one class of a
    # programme per person" (Enrollment is unique per person and programme).
    enrollment = models.OneToOneField(
        Enrollment, verbose_name="学员", on_delete=models.PROTECT, related_name="class_membership"
    )
    added_at = models.DateTimeField("编班时间", auto_now_add=True)

    class Meta:
        verbose_name = "班次学员"
        verbose_name_plural = "班次学员"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.training_class} · {self.enrollment.trainee}"


class Session(models.Model):
    """One line of a class's schedule; its sign-in sheet scan is the evidence of its attendance."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField("日期")
    start = models.TimeField("开始时间")
    end = models.TimeField("结束时间")
    category = models.CharField("课程类别", max_length=10, choices=Category.choices)
    content = models.CharField("课程内容", max_length=200, blank=True)
    teacher = models.CharField("授课教师", max_length=30, blank=True)
    mode = models.CharField("授课方式", max_length=10, choices=Mode.choices)
    hours = models.DecimalField("课时", max_digits=5, decimal_places=2)
    place = models.CharField("地点", max_length=100, blank=True)
    sign_in_scan = models.FileField("签到表扫描件", upload_to="sign-in/%Y/%m/", blank=True)
    sign_in_name = models.CharField("签到表原文件名", max_length=200, blank=True)
    # The scan's hash lets the integrity checks find one file used for two sessions.
    sign_in_sha256 = models.CharField("签到表文件摘要", max_length=64, blank=True, db_index=True)
    sign_in_uploaded_at = models.DateTimeField("签到表上传时间", null=True, blank=True)

    class Meta:
        verbose_name = "课程安排"
        verbose_name_plural = "课程安排"
        ordering = ["day", "start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="session_end_after_start"
            ),
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="session_hours_positive"),
        ]
        indexes = [models.Index(fields=["training_class", "day"])]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.start:%H:%M}-{self.end:%H:%M} {self.get_category_display()}"


class Attendance(models.Model):
    """Whether one trainee attended one session."""

    class Status(models.TextChoices):
        PRESENT = "present", "出勤"
        ABSENT = "absent", "缺勤"
        LEAVE = "leave", "请假"

    # PROTECT: a session whose attendance was taken cannot disappear with it (services refuse first).
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    enrollment = models.ForeignKey(Enrollment, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField("考勤", max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now=True)

    class Meta:
        verbose_name = "考勤"
        verbose_name_plural = "考勤"
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="one_attendance_per_session")
        ]
        indexes = [
            models.Index(fields=["enrollment", "status"]),
            # Hours count the present marks: this index alone answers them (an index-only scan by session),
            # so a programme's hours do not read the other programmes' rows of the table.
            models.Index(
                fields=["session", "enrollment"],
                condition=models.Q(status="present"),
                name="attendance_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_status_display()}"


# --- scheme filing, amendments, spot checks (开班备案、变更、抽查; issue 11 points 3, 8) -------------------


class SchemeFiling(models.Model):
    """The class's scheme (培训方案) as the base files it with the reviewing bureau: the schedule (the
    class's sessions), the teachers (``SchemeTeacher``), the outline and the textbooks."""

    class Status(models.TextChoices):
        DRAFT = "draft", "未备案"
        FILED = "filed", "已报备待审"
        RETURNED = "returned", "已退回"
        ACKNOWLEDGED = "acknowledged", "已备案"

    training_class = models.OneToOneField(TrainingClass, on_delete=models.CASCADE, related_name="filing")
    status = models.CharField("备案状态", max_length=15, choices=Status.choices, default=Status.DRAFT)
    outline = models.TextField("培训大纲", blank=True)
    outline_file = models.FileField("培训大纲附件", upload_to="scheme/%Y/%m/", blank=True)
    outline_file_name = models.CharField("大纲附件原文件名", max_length=200, blank=True)
    textbooks = models.TextField("教材选用", blank=True)
    textbooks_file = models.FileField("教材附件", upload_to="scheme/%Y/%m/", blank=True)
    textbooks_file_name = models.CharField("教材附件原文件名", max_length=200, blank=True)
    # The bureau the policy names as reviewer, fixed when the base files.
    reviewer = models.ForeignKey(
        "accounts.Organisation",
        verbose_name="备案审核部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField("报备时间", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The schedule as filed (list of session dicts): what amendments are measured against.
    filed_schedule = models.JSONField("备案时的课程安排", default=list, blank=True)
    review_opinion = models.TextField("审核意见", blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "开班备案"
        verbose_name_plural = "开班备案"
        indexes = [models.Index(fields=["status", "reviewer"])]

    def __str__(self) -> str:
        return f"{self.training_class} 开班备案"


class SchemeTeacher(models.Model):
    """A teacher of the filed scheme with the qualification the policy may ask for."""

    class Qualification(models.TextChoices):
        SENIOR_TITLE = "senior_title", "高级专业技术职务"
        SENIOR_INSTRUCTOR = "senior_instructor", "高级实习指导教师"
        SENIOR_TECHNICIAN = "senior_technician", "高级技师"
        OTHER = "other", "其他"

    filing = models.ForeignKey(SchemeFiling, on_delete=models.CASCADE, related_name="teachers")
    name = models.CharField("姓名", max_length=30)
    id_number = models.CharField("身份证号码", max_length=18, blank=True)
    qualification = models.CharField("资格", max_length=20, choices=Qualification.choices)
    certificate = models.CharField("资格证书编号", max_length=60, blank=True)

    class Meta:
        verbose_name = "备案授课教师"
        verbose_name_plural = "备案授课教师"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["filing", "name"], name="scheme_teacher_unique_name")]

    def __str__(self) -> str:
        return self.name


class Amendment(models.Model):
    """A change to an acknowledged scheme: what changed, before and after, who and when. Where the
    policy forbids changes without approval the change is held (``PENDING``) until the reviewer decides;
    otherwise it is applied and recorded (``RECORDED``)."""

    class Kind(models.TextChoices):
        SESSION_CHANGE = "session_change", "修改课程"
        SESSION_ADD = "session_add", "新增课程"
        SESSION_DELETE = "session_delete", "删除课程"
        TEACHER_ADD = "teacher_add", "新增授课教师"

    class Status(models.TextChoices):
        RECORDED = "recorded", "已记录"
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    filing = models.ForeignKey(SchemeFiling, on_delete=models.CASCADE, related_name="amendments")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="amendments"
    )
    kind = models.CharField("变更类型", max_length=20, choices=Kind.choices)
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    summary = models.CharField("变更内容", max_length=300)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField("变更时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    opinion = models.CharField("审批意见", max_length=300, blank=True)

    class Meta:
        verbose_name = "备案变更"
        verbose_name_plural = "备案变更"
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["filing", "status"])]

    def __str__(self) -> str:
        return self.summary


class SpotCheck(models.Model):
    """An unannounced check of a session by county or city staff (现场抽查), with the signed record."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="spot_checks")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The inspector's bureau: 泰安's cross inspection counts checks by staff of another county.
    inspector_org = models.ForeignKey(
        "accounts.Organisation", verbose_name="检查单位", on_delete=models.PROTECT, related_name="+"
    )
    inspectors = models.CharField("检查人员", max_length=100)
    checked_at = models.DateTimeField("检查时间")
    content_matches = models.BooleanField("培训内容与教学计划一致")
    teacher_matches = models.BooleanField("授课教师与教学计划一致")
    time_matches = models.BooleanField("培训时间与教学计划一致")
    place_matches = models.BooleanField("培训地点与教学计划一致")
    present = models.PositiveIntegerField("实到人数")
    expected = models.PositiveIntegerField("应到人数")
    problems = models.TextField("发现的问题", blank=True)
    record_scan = models.FileField("签字检查记录扫描件", upload_to="spot-checks/%Y/%m/")
    record_name = models.CharField("记录原文件名", max_length=200, blank=True)
    record_sha256 = models.CharField("记录文件摘要", max_length=64, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "现场抽查"
        verbose_name_plural = "现场抽查"
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.session} 抽查"

    @property
    def all_match(self) -> bool:
        return self.content_matches and self.teacher_matches and self.time_matches and self.place_matches


class SpotCheckPhoto(models.Model):
    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("照片", upload_to="spot-checks/%Y/%m/")
    name = models.CharField("原文件名", max_length=200, blank=True)
    sha256 = models.CharField("文件摘要", max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "抽查照片"
        verbose_name_plural = "抽查照片"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or f"照片 {self.pk}"


# --- end of scheme filing, amendments, spot checks ---------------------------------------------------------

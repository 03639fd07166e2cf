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

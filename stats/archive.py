"""The class archive (归档, 临沂 二(四), 潍坊: kept at least 5 years): one zip of what a class produced.

The zip is written entry by entry into a temporary file (scans are copied in chunks, never read whole),
then stored; the download streams the stored file. Nothing is held in memory whole but one small xlsx.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
import zipfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment.models import Result
from attendance.documents import schedule_xlsx
from attendance.grid import attendance_grid_xlsx
from attendance.models import SchemeFiling, TrainingClass
from attendance.selectors import class_members, class_sessions
from certificates.models import Certificate
from core.audit import audit_record
from core.pdf import cn_date
from core.xlsx import workbook_bytes
from trainees.models import Material

from .models import ClassArchive
from .selectors import statistics_policy
from .services import StatisticsError

CHUNK = 1024 * 1024


def _add_file(archive: zipfile.ZipFile, arcname: str, field) -> int:
    with field.open("rb") as source, archive.open(arcname, "w", force_zip64=True) as target:
        shutil.copyfileobj(source, target, CHUNK)
    return field.size


def _add_scheme(archive: zipfile.ZipFile, training_class: TrainingClass, put, contents: list[str]) -> None:
    """The filed scheme (开班备案): outline, textbooks and teachers as one sheet, and their attached files."""
    filing = SchemeFiling.objects.filter(training_class=training_class).first()
    if filing is None:
        return
    rows = [
        ["备案状态", filing.get_status_display()],
        ["培训大纲", filing.outline],
        ["教材选用", filing.textbooks],
        *(
            [f"授课教师：{t.name}", f"{t.get_qualification_display()} {t.certificate}".strip()]
            for t in filing.teachers.all()
        ),
    ]
    put("07_培训方案.xlsx", workbook_bytes("培训方案", ["项目", "内容"], rows, widths=[24, 80]))
    for label, field, original in (
        ("培训大纲", filing.outline_file, filing.outline_file_name),
        ("教材", filing.textbooks_file, filing.textbooks_file_name),
    ):
        if field:
            ext = os.path.splitext(original or field.name)[1][:8]
            name = f"07_培训方案/{label}{ext}"
            _add_file(archive, name, field)
            contents.append(name)


def keep_until(training_class: TrainingClass, today: datetime.date) -> datetime.date:
    years = statistics_policy(training_class.program).archive_years
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def archive_create(*, training_class: TrainingClass, user: User) -> ClassArchive:
    """Build and record the class's archive. Base staff only (it holds full ID numbers of its own
    trainees); the caller has checked the class is theirs."""
    members = list(class_members(training_class))
    sessions = list(class_sessions(training_class))
    enrollment_ids = [m.enrollment_id for m in members]
    contents: list[str] = []
    fd, path = tempfile.mkstemp(suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:

            def put(name: str, content: bytes) -> None:
                archive.writestr(name, content)
                contents.append(name)

            put(
                "01_花名册.xlsx",
                workbook_bytes(
                    "花名册",
                    ["序号", "姓名", "身份证号码", "职业（工种）", "等级", "工作单位", "联系电话"],
                    [
                        [
                            i,
                            m.enrollment.name,
                            m.enrollment.trainee.id_number,
                            training_class.occupation.name,
                            training_class.get_level_display(),
                            m.enrollment.employer,
                            m.enrollment.phone,
                        ]
                        for i, m in enumerate(members, start=1)
                    ],
                ),
            )
            put("02_课程安排表.xlsx", schedule_xlsx(training_class))
            put("03_考勤表.xlsx", attendance_grid_xlsx(training_class, full_ids=True))
            media = []
            for session in sessions:
                if session.sign_in_scan:
                    ext = os.path.splitext(session.sign_in_name or session.sign_in_scan.name)[1][:8]
                    name = f"04_签到表/{session.day:%Y%m%d}_{session.start:%H%M}{ext}"
                    size = _add_file(archive, name, session.sign_in_scan)
                    contents.append(name)
                    media.append(["签到表扫描件", name, session.sign_in_name, size])
            for material in Material.objects.filter(enrollment_id__in=enrollment_ids).select_related(
                "enrollment"
            ):
                media.append(
                    [
                        material.get_kind_display(),
                        "",
                        f"{material.enrollment.name}：{material.original_name}",
                        material.size,
                    ]
                )
            put(
                "05_材料清单.xlsx",
                workbook_bytes("材料清单", ["类型", "归档文件", "原文件名", "大小（字节）"], media),
            )
            results = Result.objects.filter(enrollment_id__in=enrollment_ids).select_related(
                "enrollment", "batch"
            )
            put(
                "06_考核结果.xlsx",
                workbook_bytes(
                    "考核结果",
                    [
                        "姓名",
                        "考核成绩",
                        "考核结果",
                        "鉴定结果",
                        "取得等级",
                        "证书编号",
                        "发证日期",
                        "批次状态",
                    ],
                    [
                        [
                            r.enrollment.name,
                            str(r.score) if r.score is not None else "",
                            r.get_outcome_display(),
                            r.get_appraisal_display(),
                            r.get_level_obtained_display() if r.level_obtained else "",
                            r.certificate_number,
                            cn_date(r.certificate_date) if r.certificate_date else "",
                            r.batch.get_status_display(),
                        ]
                        for r in results
                    ],
                ),
            )
            _add_scheme(archive, training_class, put, contents)
            certificates = Certificate.objects.filter(enrollment_id__in=enrollment_ids).order_by("number")
            put(
                "08_证书清单.xlsx",
                workbook_bytes(
                    "证书清单",
                    [
                        "证书编号",
                        "姓名",
                        "身份证号码",
                        "职业（工种）",
                        "等级",
                        "发证机构",
                        "发证日期",
                        "状态",
                    ],
                    [
                        [
                            c.number,
                            c.name,
                            c.id_number,
                            c.occupation_name,
                            c.get_level_display(),
                            c.issuer_name,
                            cn_date(c.issued_on),
                            c.get_status_display()
                            + (
                                f"（{cn_date(c.revoked_on)}撤销：{c.revoked_reason}）" if c.revoked_on else ""
                            ),
                        ]
                        for c in certificates
                    ],
                ),
            )
        today = timezone.localdate()
        with transaction.atomic():
            record = ClassArchive(
                training_class=training_class,
                created_by=user,
                keep_until=keep_until(training_class, today),
                size=os.path.getsize(path),
                contents=contents,
            )
            with open(path, "rb") as handle:
                record.file.save(f"{training_class.pk}_{today:%Y%m%d}_归档.zip", File(handle), save=False)
            record.save()
            audit_record(
                actor=user,
                action="archive.create",
                obj=record,
                organisation=training_class.base.organisation,
                note=f"班次归档：{training_class.name}，{len(contents)} 个文件",
            )
        return record
    finally:
        os.unlink(path)


@transaction.atomic
def archive_delete(*, archive: ClassArchive, user: User, today: datetime.date | None = None) -> None:
    """Refused before the archive's keeping period has run out."""
    today = today or timezone.localdate()
    if today < archive.keep_until:
        raise StatisticsError(f"培训档案应保存至{cn_date(archive.keep_until)}，保存期满前不得删除。")
    audit_record(
        actor=user,
        action="archive.delete",
        obj=archive,
        organisation=archive.training_class.base.organisation,
        note=f"删除班次归档：{archive.training_class.name}",
    )
    archive.file.delete(save=False)
    archive.delete()

"""The audit log: every state change, import and export of personal data is recorded here.

States and notes are recorded as the Chinese text a clerk reads (``草稿``, ``筛选条件：…``). Entries written
before that rule hold raw status codes or a dict as the note; ``entry_state_text`` and ``entry_note_text``
show those sensibly too, so the page and the export never print ``draft`` or ``{}``."""

import ast
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from accounts.models import Organisation, User

from .models import AuditEntry

# The portal's vocabulary of audited actions (code → label shown to clerks). Codes are stable.
ACTIONS: dict[str, str] = {
    "audit.export": "导出操作日志",
    "job.download": "下载任务结果",
    "seal.update": "更换电子公章",
    "program.create": "创建培训项目",
    "program.update": "修改培训项目",
    "program.copy": "复制培训项目",
    "program.status": "变更项目状态",
    "policy.version": "修改政策规则（新版本）",
    "policy.update": "修改政策规则",
    "base.create": "登记培训基地",
    "base.update": "修改培训基地",
    "base.status": "变更基地状态",
    "base.sanction": "处理培训基地",
    "plan.create": "创建培训计划",
    "plan.update": "修改培训计划",
    "plan.submit": "基地盖章提交",
    "plan.withdraw": "基地撤回",
    "plan.stamp": "县区审核盖章",
    "plan.return": "退回修改",
    "plan.approve": "市级审批通过",
    "plan.reject": "市级审批不通过",
    "plan.publish": "公示",
    "plan.objection": "登记异议",
    "plan.confirm": "公示无异议确认",
    "plan.approve_final": "市级备案同意（确定）",
    "plan.objection_dismiss": "异议不成立",
    "roster.recheck": "市级复核备案",
    "trainee.create": "登记学员",
    "trainee.update": "修改学员",
    "trainee.withdraw": "学员退出",
    "trainee.lookup": "按完整身份证号码或姓名查询学员",
    "trainee.import": "导入花名册",
    "trainee.export": "导出花名册（含完整身份证号）",
    "trainee.view_personal": "查看完整个人信息",
    "roster.file": "花名册报备",
    "roster.change": "报备后变更花名册",
    "material.upload": "上传报名材料",
    "roster.acknowledge": "备案确认",
    "roster.return": "备案退回",
    "class.create": "创建培训班次",
    "class.update": "修改培训班次",
    "class.assign": "学员编班",
    "class.remove": "移出班次学员",
    "session.create": "添加课程安排",
    "session.update": "修改课程安排",
    "session.delete": "删除课程安排",
    "session.copy_week": "复制一周课程安排",
    "schedule.import": "导入课程安排表",
    "attendance.record": "记录考勤",
    "attendance.import": "导入考勤表",
    "attendance.export": "导出考勤表（含完整身份证号）",
    "attendance.sign_in": "上传签到表扫描件",
    # --- scheme filing, amendments, spot checks ---
    "filing.scheme": "填写培训方案",
    "filing.teacher": "修改备案师资名单",
    "filing.file": "报送开班备案",
    "filing.acknowledge": "确认开班备案",
    "filing.return": "退回开班备案",
    "filing.amendment": "备案后变更课程",
    "filing.amendment_decide": "审批备案变更",
    "spotcheck.create": "登记现场抽查",
}


def action_label(code: str) -> str:
    return ACTIONS.get(code, code)


# The audit-log search fields, as the audit.export note names them.
FILTER_LABELS: dict[str, str] = {
    "actor": "操作人",
    "obj": "对象",
    "action": "操作",
    "date_from": "起始日期",
    "date_to": "截止日期",
}


def describe_filters(params: dict) -> str:
    """An audit-log search in words: ``筛选条件：操作 公示；起始日期 2026-01-01`` or ``全部记录``."""
    parts = [
        f"{FILTER_LABELS.get(key, key)} {action_label(value) if key == 'action' else value}"
        for key, value in params.items()
        if value not in ("", None)
    ]
    return "筛选条件：" + "；".join(parts) if parts else "全部记录（未设筛选条件）"


def entry_state_text(entry: AuditEntry, value: str) -> str:
    """A recorded state as its label: old entries stored the object's raw status code."""
    if not value or not entry.content_type_id:
        return value
    model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
    try:
        choices = dict(model._meta.get_field("status").flatchoices) if model else {}
    except FieldDoesNotExist:  # the model has no status field: the value is already text
        return value
    return str(choices.get(value, value))


def entry_note_text(entry: AuditEntry) -> str:
    """The note as text; an old note that is a serialised dict or list is spelled out (``{}`` → empty)."""
    note = entry.note.strip()
    if not note or note[0] not in "{[":
        return entry.note
    data = _parse_literal(note)
    if isinstance(data, dict):
        if entry.action == "audit.export":
            return describe_filters(data)
        return "；".join(f"{key} {value}" for key, value in data.items() if value not in ("", None))
    if isinstance(data, list):
        return "、".join(str(item) for item in data)
    return entry.note


def _parse_literal(text: str):
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(text)
        except (ValueError, SyntaxError):
            continue
    return None


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    organisation: Organisation | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
) -> AuditEntry:
    """Record one action. ``organisation`` is whose data it touched (decides who may read the entry);
    it defaults to the actor's own organisation."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to core.audit.ACTIONS")
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=(actor.display_name if actor else "系统"),
        organisation=organisation or (actor.organisation if actor else None),
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        from_state=from_state,
        to_state=to_state,
        note=note,
    )

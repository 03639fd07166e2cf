"""Files built from accounts data (run inside background jobs)."""

from datetime import date

from django.utils import timezone

from .audit import action_label
from .models import Job
from .selectors import audit_entries_search
from .xlsx import workbook_bytes

# Up to this many entries the export is built in the request and downloaded at once; more run as a job.
AUDIT_ROWS_AT_ONCE = 2000


def audit_log_xlsx(job: Job, progress) -> tuple[str, bytes]:
    """The audit entries the requesting user may see, filtered as they asked, as one sheet."""
    params = job.params
    entries = audit_entries_search(
        job.requested_by,
        actor=params.get("actor", ""),
        obj=params.get("obj", ""),
        action=params.get("action", ""),
        date_from=_date(params.get("date_from")),
        date_to=_date(params.get("date_to")),
    ).order_by("created_at", "id")
    total = entries.count()
    header = ["时间", "操作人", "操作", "对象", "原状态", "新状态", "说明"]

    def rows():
        for i, e in enumerate(entries.iterator(chunk_size=2000), start=1):
            yield [
                timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_name,
                action_label(e.action),
                e.object_repr,
                e.from_state_text,
                e.to_state_text,
                e.note_text,
            ]
            progress(i, total)

    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    return f"操作日志_{stamp}.xlsx", workbook_bytes(
        "操作日志", header, rows(), widths=[20, 14, 18, 40, 12, 12, 40]
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None

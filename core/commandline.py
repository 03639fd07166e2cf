"""How manage.py runs every command (the project's and Django's): a database that is down or refuses a
query ends the command with a Chinese message on stderr and a non-zero exit code, not a traceback.

Refusals a user can fix are the commands' own business (``CommandError`` with a Chinese message, exit 2);
this catches what no command can fix itself."""

import logging
import re
import sys
from datetime import date
from pathlib import Path

EXIT_DATABASE = 3

logger = logging.getLogger(__name__)


def database_message(error: Exception) -> str:
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
    return (
        "数据库连接失败或执行出错，命令未完成。"
        f"请检查 DATABASE_URL 与数据库服务是否正常后重试。\n原因：{first_line}"
    )


def execute(argv: list[str]) -> int:
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(argv)
    except DatabaseError as error:
        logger.debug("Command %s failed on the database", argv[1:2], exc_info=True)
        sys.stderr.write(database_message(error) + "\n")
        return EXIT_DATABASE
    return 0


# --- what the project's commands share: usage errors, dates and files given as options ---------------

EXIT_USAGE = 2
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def usage_error(message: str):
    """A refusal the user can fix: the Chinese message on stderr and exit code 2."""
    from django.core.management.base import CommandError

    return CommandError(message, returncode=EXIT_USAGE)


def iso_date_option(value: str | None, option: str) -> date | None:
    """``--option YYYY-MM-DD`` as a date (fromisoformat alone would also take "20230421" and week dates)."""
    if value is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise usage_error(f"{option} 应为有效日期 YYYY-MM-DD，实为“{value}”") from None


def existing_file(value: str) -> Path:
    path = Path(value)
    if not path.exists():
        raise usage_error(f"找不到文件：{value}")
    if not path.is_file():
        raise usage_error(f"不是文件：{value}")
    return path


# --- the text report of an all-or-nothing import (results, attendance, online records) --------------

EXIT_REJECTED = 1


def write_rows_report(write, rows, *, rejected: int, dry_run: bool, what: str, saved: str) -> None:
    """Each rejected row with its reasons, then what became of the file: nothing saved (``what`` names
    it), valid under --dry-run, or ``saved``. ``write`` is the command's ``self.stdout.write``."""
    for row in rows:
        if row.reasons:
            reasons = "；".join(reason["message"] for reason in row.reasons)
            write(f"  第 {row.row} 行 {row.name}：{reasons}")
    if rejected:
        write(f"有不通过的行，未保存任何{what}。")
    elif dry_run:
        write("校验通过（--dry-run，未保存）。")
    else:
        write(saved)

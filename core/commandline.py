"""How manage.py runs every command (the project's and Django's): a database that is down or refuses a
query ends the command with a Chinese message on stderr and a non-zero exit code, not a traceback.

Refusals a user can fix are the commands' own business (``CommandError`` with a Chinese message, exit 2);
this catches what no command can fix itself."""

import logging
import sys

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

"""`manage.py issue_certificates --program CODE [--base CODE] [--json]`: issue every training certificate
due and not yet issued (certificates.services.issue_due, as the 颁发证书 page does); running it again
issues nothing new and reports what was issued before with its status.

Exit 0 when done (also when nothing was due), 2 for an unknown programme or base or a policy under which
the system does not issue training certificates — a Chinese message on stderr, never a traceback.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from certificates.services import CertificateError, issue_due
from core.commandline import usage_error
from trainees.management.commands.import_roster import base_profile, find_base, find_program


def _fields(certificate) -> dict:
    return {
        "number": certificate.number,
        "name": certificate.name,
        "base": certificate.base_name,
        "occupation": certificate.occupation_name,
        "level": certificate.level_name,
    }


class Command(BaseCommand):
    help = "颁发培训合格证书：为考核合格、学满课时且尚未取得证书的学员颁发；--json 输出 JSON。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="培训项目代码，如 dezhou-2021")
        parser.add_argument("--base", help="培训基地代码或全称（不填则为全项目）")
        parser.add_argument("--json", action="store_true", help="输出一个 JSON 对象")

    def handle(self, *args, **options) -> None:
        program = find_program(options["program"])
        base = base_profile(find_base(options["base"], program)) if options["base"] else None
        try:
            report = issue_due(program, base, None)
        except CertificateError as exc:
            raise usage_error(exc.message) from exc
        data = {
            "issued": [_fields(c) for c in report.issued],
            "already_issued": [
                {**_fields(c), "status": c.get_status_display()} for c in report.already_issued
            ],
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"本次颁发 {len(report.issued)} 份，此前已颁发 {len(report.already_issued)} 份")
        for c in report.issued:
            self.stdout.write(f"  {c.number} {c.name} {c.base_name} {c.occupation_name} {c.level_name}")

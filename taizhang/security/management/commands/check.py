"""`taizhang check [--deploy] [--json]`: Django's system checks (with --deploy its security checks and
taizhang's own, taizhang.security.checks), as text or as JSON for scripts. Exit status 1 when --deploy finds
an unsafe setting."""

import json
import sys

from django.core import checks
from django.core.management.commands.check import Command as DjangoCheck


class Command(DjangoCheck):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出检查结果")

    def handle(self, *app_labels, **options):
        if not options.get("as_json"):
            return super().handle(*app_labels, **options)
        deploy = options["deploy"]
        found = checks.run_checks(include_deployment_checks=deploy, tags=options.get("tags") or None,
                                  databases=options.get("databases"))
        issues = [{"id": m.id, "level": _level(m.level), "message": str(m.msg), "hint": str(m.hint or "")}
                  for m in found if not m.is_silenced() and m.level >= checks.INFO]
        unsafe = [i for i in issues if i["level"] in ("warning", "error", "critical")]
        self.stdout.write(json.dumps({"ok": not unsafe, "deploy": deploy, "issues": issues}, ensure_ascii=False))
        if unsafe and deploy or any(i["level"] in ("error", "critical") for i in issues):
            sys.exit(1)


def _level(level: int) -> str:
    return {checks.DEBUG: "debug", checks.INFO: "info", checks.WARNING: "warning", checks.ERROR: "error",
            checks.CRITICAL: "critical"}.get(level, str(level))

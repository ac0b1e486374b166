"""Base class for taizhang's management commands: `--json`, Chinese errors, exit codes 0/1/2."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from taizhang.core.exceptions import NotFound, TaizhangError
from taizhang.core.middleware import set_current_ip


class TaizhangCommand(BaseCommand):
    """Subclasses implement `run(**options)` returning a dict (printed as JSON with --json) and may set
    `text` on themselves for the human-readable form. A TaizhangError becomes exit status 1."""

    json_default = False

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")

    def handle(self, *args, **options):
        set_current_ip("cli")
        as_json = options.pop("as_json", False)
        try:
            result = self.run(**options)
        except TaizhangError as exc:
            if as_json:
                self.stdout.write(json.dumps({"ok": False, "error": exc.message}, ensure_ascii=False))
            raise CommandError(exc.message, returncode=1)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, cls=DjangoJSONEncoder))
        else:
            self.stdout.write(self.render_text(result))
        if isinstance(result, dict) and result.get("ok") is False:
            sys.exit(1)

    def run(self, **options) -> dict:
        raise NotImplementedError

    def render_text(self, result: dict) -> str:
        return json.dumps(result, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)

    def campaign_by_slug(self, slug: str):
        from taizhang.campaigns.models import Campaign

        campaign = Campaign.objects.select_related("root_unit").filter(slug=slug).first()
        if campaign is None:
            raise NotFound(f"专项工作「{slug}」不存在")
        return campaign

    def unit_by_code(self, code: str):
        from taizhang.orgs.models import Unit

        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise NotFound(f"单位「{code}」不存在")
        return unit

    def user_by_username(self, username: str):
        from taizhang.orgs.models import User

        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise TaizhangError(f"用户「{username}」不存在或已停用")
        return user

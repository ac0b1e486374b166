"""Base class for taizhang's management commands: `--json`, Chinese errors, exit codes 0/1/2."""

from __future__ import annotations

import json
import re
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from taizhang.core.exceptions import NotFound, TaizhangError
from taizhang.core.middleware import set_current_ip


def add_campaign_unit(parser, *, unit_required: bool = False, unit_help: str = "单位编码（含下级单位）") -> None:
    """The `--campaign SLUG` (required) and `--unit CODE` options of a command that works inside one campaign."""
    parser.add_argument("--campaign", required=True, help="专项工作标识")
    parser.add_argument("--unit", required=unit_required, default=None, help=unit_help)


class UsageError(TaizhangError):
    """The command was called wrongly (an option its kind does not take, a required one missing): exit status 2."""


USAGE_EXIT = 2

# argparse's own messages, in the words a user of the command reads.
_ARGPARSE_MESSAGES = [
    (re.compile(r"^the following arguments are required: (.+)$"), "缺少必填参数：{0}"),
    (re.compile(r"^unrecognized arguments: (.+)$"), "无法识别的参数：{0}"),
    (re.compile(r"^one of the arguments (.+) is required$"), "须指定以下参数之一：{0}"),
    (re.compile(r"^ambiguous option: (\S+) could match (.+)$"), "参数 {0} 有歧义，可能是：{1}"),
    (re.compile(r"^argument (\S+): invalid choice: (.+) \(choose from (.+)\)$"), "参数 {0} 的取值 {1} 无效，可选：{2}"),
    (re.compile(r"^argument (\S+): invalid (\w+) value: (.+)$"), "参数 {0} 的取值 {2} 无效"),
    (re.compile(r"^argument (\S+): expected one argument$"), "参数 {0} 后须跟一个值"),
    (re.compile(r"^argument (\S+): not allowed with argument (.+)$"), "参数 {0} 不能与 {1} 同时使用"),
]


def usage_message(message: str) -> str:
    """argparse's English error message in Chinese (unknown ones are kept as they are)."""
    for pattern, chinese in _ARGPARSE_MESSAGES:
        match = pattern.match(message)
        if match:
            return chinese.format(*match.groups())
    return message


class ChineseCommandParser(CommandParser):
    """A parser whose usage errors are Chinese and exit with status 2, whether the command runs from the
    shell (usage and message on stderr) or in-process through call_command (CommandError, returncode 2)."""

    def error(self, message):
        text = usage_message(message)
        if self.called_from_command_line:
            self.print_usage(sys.stderr)
            self.exit(USAGE_EXIT, f"{self.prog}：用法错误：{text}\n")
        raise CommandError(f"用法错误：{text}", returncode=USAGE_EXIT)


class TaizhangCommand(BaseCommand):
    """Subclasses implement `run(**options)` returning a dict (printed as JSON with --json) and may set
    `text` on themselves for the human-readable form. A TaizhangError becomes exit status 1, a UsageError
    (and any error argparse finds) exit status 2."""

    json_default = False

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = ChineseCommandParser  # Django builds a CommandParser itself; only `error` differs
        return parser

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
            raise CommandError(exc.message, returncode=USAGE_EXIT if isinstance(exc, UsageError) else 1) from None
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


class ListCommand(TaizhangCommand):
    """`taizhang <kind> list --campaign SLUG [--unit CODE] [--user NAME] [--limit N] --json`.

    Without --user the command runs as the system operator and lists every record of the campaign in
    the unit's subtree (confidential records excepted); with --user it lists what that account sees.
    Subclasses set `kind_label` and `model` (with the `related` rows to load), or implement
    `queryset(campaign, user)` themselves, and implement `row(obj)`.
    """

    kind_label = ""
    unit_field = "unit"
    model = None
    related: tuple[str, ...] = ("unit",)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("subcommand", choices=["list"], help="list：列出记录")
        add_campaign_unit(parser)
        parser.add_argument("--user", default=None, help="以该账号的权限范围列出")
        parser.add_argument("--limit", type=int, default=1000, help="最多输出条数（默认 1000）")

    def run(self, subcommand, campaign, unit=None, user=None, limit=1000, **options):
        from taizhang.orgs.scope import subtree_q

        camp = self.campaign_by_slug(campaign)
        account = self.user_by_username(user) if user else None
        qs = self.queryset(camp, account)
        if unit:
            qs = qs.filter(subtree_q(self.unit_by_code(unit).path, self.unit_field))
        total = qs.count()
        items = [self.row(o) for o in qs[: max(0, limit)]]
        return {"ok": True, "kind": self.kind_label, "campaign": camp.slug, "unit": unit, "count": total,
                "items": items}

    def queryset(self, campaign, user):
        """The campaign's records of `model` (those the user sees, with --user), oldest first."""
        qs = self.model.objects.for_user(user, "view") if user else self.model.objects.all()
        return qs.filter(campaign=campaign).select_related(*self.related).order_by("id")

    # The JSON row of a record: "key" reads the attribute of that name, "key:path" a dotted path (a method on the
    # way, such as get_status_display, is called).
    columns: tuple[str, ...] = ()

    def row(self, obj) -> dict:
        out = {}
        for column in self.columns:
            key, _, path = column.partition(":")
            value = obj
            for name in (path or key).split("."):
                value = getattr(value, name)
                value = value() if callable(value) else value
            out[key] = value
        return out

    def render_text(self, result):
        lines = [f"{self.kind_label}：共 {result['count']} 条"]
        for item in result["items"]:
            lines.append("  " + "  ".join(str(v) for v in item.values() if v not in (None, "")))
        return "\n".join(lines)

"""`taizhang report <kind> --campaign SLUG --unit CODE [--as-of YYYY-MM-DD] [--template FILE]
[--compilation ID] [--metrics k1,k2] -o OUT.docx [--json]`: render a report from the ledger.

With --json it prints the catalogue figures the document used. The command line runs as the system
(no user scope); --user NAME renders as that user instead, with the user's scope."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from taizhang.cli.base import TaizhangCommand, UsageError, add_campaign_unit
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.reports.builders import BUILDERS
from taizhang.reports.request import ReportRequest
from taizhang.reports.services import report_render
from taizhang.stats.catalogue import parse_keys

KINDS = [*BUILDERS, "template"]

# The options only one kind takes: (option, the kind, what it is); naming one for another kind is a usage error.
KIND_OPTIONS = [("template", "template", "自定义模板文件"), ("compilation", "materials-compilation", "材料汇编 ID"),
                ("metrics", "circular", "通报排名的指标")]


def check_usage(kind: str, options: dict) -> None:
    """UsageError (exit status 2) for an option the kind does not take or a required one it lacks."""
    for option, owner, what in KIND_OPTIONS:
        given = options.get(option) not in (None, "")
        if given and kind != owner:
            raise UsageError(f"报告类型 {kind} 不接受 --{option}（{what}，仅用于 {owner}）")
        if not given and kind == owner and option != "metrics":
            raise UsageError(f"报告类型 {kind} 须指定 --{option}（{what}）")


class Command(TaizhangCommand):
    help = "生成报告（Word）：" + "、".join(KINDS)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("kind", choices=KINDS, help="报告类型")
        add_campaign_unit(parser, unit_required=True, unit_help="单位编码")
        parser.add_argument("--as-of", dest="as_of", help="统计截至日期 YYYY-MM-DD（默认今天）")
        parser.add_argument("--template", help="自定义模板文件（.docx，kind 为 template 时）")
        parser.add_argument("--compilation", type=int, help="材料汇编 ID（materials-compilation）")
        parser.add_argument("--metrics", help="通报排名的指标，逗号分隔（circular）")
        parser.add_argument("--user", help="以该用户的权限生成")
        parser.add_argument("-o", "--output", required=True, help="输出文件 OUT.docx")

    def run(self, *, kind, campaign, unit, as_of=None, template=None, compilation=None, metrics=None, user=None,
            output, **_):
        from taizhang.materials.models import Compilation

        check_usage(kind, {"template": template, "compilation": compilation, "metrics": metrics})
        actor = self.user_by_username(user) if user else None
        camp = self.campaign_by_slug(campaign)
        if actor is not None:
            from taizhang.reports.selectors import report_unit

            the_unit = report_unit(actor, unit)
        else:
            the_unit = self.unit_by_code(unit)
        day = None
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise ValidationFailed(f"--as-of 无法识别的日期「{as_of}」，应为 YYYY-MM-DD") from None
        comp = None
        if kind == "materials-compilation":
            if actor is not None:
                from taizhang.materials.selectors import compilations_visible

                comps = compilations_visible(actor, camp)
            else:
                comps = Compilation.objects.filter(campaign=camp)
            comp = comps.filter(pk=compilation).first()
            if comp is None:
                raise NotFound(f"材料汇编 {compilation} 不存在")
        if template and not Path(template).is_file():
            raise ValidationFailed(f"模板文件「{template}」不存在")
        req = ReportRequest(kind, the_unit, camp, as_of=day, actor=actor, metrics=parse_keys(metrics) or [],
                            compilation=comp, template_path=template)
        rendered = report_render(req)
        out = Path(output)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(rendered.content)
        return {"ok": True, "kind": kind, "campaign": camp.slug, "unit": the_unit.code,
                "as_of": req.day.isoformat(), "output": str(out), "bytes": len(rendered.content),
                "figures": rendered.figures, "notes": rendered.notes}

    def render_text(self, result: dict) -> str:
        return f"已生成 {result['output']}（{result['bytes']} 字节，使用 {len(result['figures'])} 个统计数字）"

"""`taizhang report <kind> --campaign SLUG --unit CODE [--as-of YYYY-MM-DD] [--template FILE]
[--compilation ID] [--metrics k1,k2] -o OUT.docx [--json]`: render a report from the ledger.

With --json it prints the catalogue figures the document used. The command line runs as the system
(no user scope); --user NAME renders as that user instead, with the user's scope."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from taizhang.cli.base import TaizhangCommand, add_campaign_unit
from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.reports.builders import BUILDERS
from taizhang.reports.request import ReportRequest
from taizhang.reports.services import report_render
from taizhang.stats.catalogue import parse_keys

KINDS = [*BUILDERS, "template"]


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
            if compilation is None:
                raise ValidationFailed("materials-compilation 须指定 --compilation ID")
            comp = Compilation.objects.filter(pk=compilation, campaign=camp).first()
            if comp is None:
                raise NotFound(f"材料汇编 {compilation} 不存在")
        if kind == "template" and not template:
            raise ValidationFailed("template 须指定 --template FILE")
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

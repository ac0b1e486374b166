"""`taizhang remind [--dry-run] [--campaign SLUG] [--date YYYY-MM-DD] --json`: run the supervision rules."""

from datetime import date

from django.utils import timezone

from taizhang.cli.base import TaizhangCommand
from taizhang.core.exceptions import TaizhangError


class Command(TaizhangCommand):
    help = "运行督导规则：提示单、预警单、约谈建议、回头看安排（同一事项同一原因不会重复提醒）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="只列出将要发送的提醒，不写入任何数据")
        parser.add_argument("--campaign", default=None, help="只运行该专项工作（标识）")
        parser.add_argument("--date", default=None, help="按该日期运行（YYYY-MM-DD，默认今天）")

    def run(self, dry_run=False, campaign=None, date=None, **options):
        from taizhang.supervision.rules import run_all

        today = _parse_date(date) if date else timezone.localdate()
        if campaign:
            self.campaign_by_slug(campaign)  # an unknown slug is an error, not an empty run
        return run_all(today, dry_run=dry_run, campaign_slug=campaign)

    def render_text(self, result):
        verb = "将" if result["dry_run"] else "已"
        lines = [f"{result['date']}：{verb}提醒 {len(result['reminders'])} 项，{verb}签发督办单 {len(result['slips'])} 份，"
                 f"{verb}提出约谈建议 {len(result['suggestions'])} 条，{verb}安排回头看 {len(result['lookbacks'])} 项"]
        for s in result["slips"]:
            lines.append(f"  {s['number'] or s['kind']} → {s['unit']}：{'、'.join(s['problems'])}")
        for s in result["suggestions"]:
            lines.append(f"  约谈建议 {s['unit']}：{s['reason']}")
        return "\n".join(lines)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise TaizhangError(f"日期「{value}」无效，应为 YYYY-MM-DD") from exc

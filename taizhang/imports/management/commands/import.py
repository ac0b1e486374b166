"""taizhang import <kind> FILE --campaign SLUG [--unit CODE] [--sheet NAME] [--dry-run] [--partial] --json"""

from pathlib import Path

from taizhang.cli.base import TaizhangCommand
from taizhang.core.exceptions import TaizhangError
from taizhang.imports import services
from taizhang.imports.importers import run_import
from taizhang.imports.models import IMPORT_KINDS


class Command(TaizhangCommand):
    help = "从 Excel/WPS/CSV 文件导入台账、单位、用户、课题、学习活动、实事或制度"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("kind", choices=[k for k, _ in IMPORT_KINDS])
        parser.add_argument("file")
        parser.add_argument("--campaign", help="专项工作 slug")
        parser.add_argument("--unit", help="表中未填单位时使用的单位编码")
        parser.add_argument("--sheet", help="工作表名称（默认自动选择）")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--partial", action="store_true", help="只导入正确的行")
        parser.add_argument("--user", help="以该用户的权限导入（默认系统身份）")

    def run(self, *, kind, file, campaign=None, unit=None, sheet=None, dry_run=False, partial=False, user=None,
            **_):
        actor = self.user_by_username(user) if user else None
        camp = None
        if campaign:
            camp = self.campaign_by_slug(campaign)
        default_unit = None
        if unit:
            default_unit = self.unit_by_code(unit)
        path = Path(file)
        if not path.is_file():
            raise TaizhangError(f"文件「{file}」不存在")
        data = path.read_bytes()
        if dry_run:
            out = run_import(actor=actor, kind=kind, data=data, filename=path.name, campaign=camp,
                             unit=default_unit, sheet=sheet, dry_run=True, partial=partial).as_dict()
        else:
            # recorded as an import batch, like the wizard's: visible to the office, and it can be taken back
            batch = services.batch_import(actor=actor, kind=kind, campaign=camp, unit=default_unit, data=data,
                                          filename=path.name, sheet=sheet, partial=partial)
            out = {"rows": batch.rows, "created": batch.created, "updated": batch.updated, "skipped": batch.skipped,
                   "errors": batch.errors}
        if out["errors"] and out["created"] + out["updated"] == 0:
            out["ok"] = False
        return out

    def render_text(self, result):
        lines = [f"记录 {result['rows']} 条：新增 {result['created']}，更新 {result['updated']}，跳过 {result['skipped']}"]
        lines += [f"第{e['row']}行" + (f"「{e['column']}」" if e["column"] else "") + f": {e['message']}"
                  for e in result["errors"]]
        return "\n".join(lines)

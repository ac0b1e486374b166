"""taizhang export <kind> [--campaign SLUG] --unit CODE [filters] -o FILE.xlsx [--user NAME] --json

Kinds: problems (整改台账), research, study, matters, institutions (these need --campaign), units and users.
The filters are the list pages' query parameters; each kind takes those of its own list page.
"""

from django.core.management.base import CommandError

from taizhang.cli.base import TaizhangCommand
from taizhang.core.exceptions import TaizhangError
from taizhang.imports.export import EXPORTS, KIND_LABELS, export_problems
from taizhang.ledger.selectors import ProblemFilter
from taizhang.orgs import permissions as P
from taizhang.orgs.models import RoleAssignment

PROBLEM_FILTERS = ("status", "light", "category", "source", "kind", "leader", "q", "overdue", "due_soon")
FILTERS = {"problems": PROBLEM_FILTERS, **{kind: cls.filter_keys for kind, cls in EXPORTS.items()}}


class _Root:
    """The system actor for exports from the command line: the office of the unit exported, and its system
    administrator for the accounts (no real account holds both)."""

    def __init__(self, unit):
        self._tz_assignments = [RoleAssignment(role=role, unit=unit, include_subunits=True)
                                for role in (P.OFFICE, P.SYSADMIN)]
        self.is_authenticated, self.is_active, self.pk = True, True, None
        self.username = self.display_name = "系统"


class Command(TaizhangCommand):
    help = "把整改台账、调研课题、学习活动、实事、制度、组织单位或用户及角色导出为 Excel（与列表页相同的筛选条件）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("what", metavar="kind", choices=list(KIND_LABELS),
                            help="导出类型：" + "、".join(f"{k}（{v}）" for k, v in KIND_LABELS.items()))
        parser.add_argument("--campaign", help="专项工作 slug（组织单位、用户及角色不需要）")
        parser.add_argument("--unit", required=True, help="单位编码（导出该单位及下级）")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user", help="以该用户的权限范围导出（默认系统身份）")
        for name in ("status", "light", "category", "source", "kind", "leader", "type", "q"):
            parser.add_argument(f"--{name}", default="")
        parser.add_argument("--overdue", action="store_true")
        parser.add_argument("--due-soon", action="store_true")

    def run(self, *, what, unit, output, campaign=None, user=None, **options):
        given = [k for k in ("status", "light", "category", "source", "kind", "leader", "type", "q", "overdue",
                             "due_soon") if options.get(k)]
        unknown = [k for k in given if k not in FILTERS[what]]
        if unknown:
            listed = "、".join(f"--{k.replace('_', '-')}" for k in FILTERS[what]) or "无"
            raise CommandError(f"{KIND_LABELS[what]}不能按 --{unknown[0].replace('_', '-')} 筛选（可用：{listed}）",
                               returncode=2)
        cls = EXPORTS.get(what)
        camp = None
        if campaign:
            camp = self.campaign_by_slug(campaign)
        elif cls is None or cls.needs_campaign:
            raise CommandError(f"导出{KIND_LABELS[what]}需要指定专项工作（--campaign SLUG）", returncode=2)
        u = self.unit_by_code(unit)
        actor = self.user_by_username(user) if user else _Root(u)
        if cls is None:
            f = ProblemFilter(unit=u, **{k: options.get(k) or ("" if k not in ("overdue", "due_soon") else False)
                                         for k in PROBLEM_FILTERS})
            n = export_problems(user=actor, campaign=camp, path=output, f=f)
            return {"kind": what, "rows": n, "file": output}
        if not cls.allowed(actor):
            raise TaizhangError(f"用户「{user}」不能导出{cls.label}")
        # as with the ledger, --unit narrows the user's scope to a subtree: outside the scope it holds no rows
        exporter = cls(user=actor, campaign=camp if cls.needs_campaign else None, unit=u,
                       filters=cls.clean_filters(options))
        n = exporter.write(output)
        return {"kind": what, "rows": n, "file": output}

    def render_text(self, result):
        return f"已导出{KIND_LABELS[result['kind']]} {result['rows']} 行：{result['file']}"

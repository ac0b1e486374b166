"""taizhang export problems --campaign SLUG --unit CODE [filters] -o FILE.xlsx [--user NAME] --json"""

from taizhang.campaigns.models import Campaign
from taizhang.core.commands import TaizhangCommand
from taizhang.core.exceptions import TaizhangError
from taizhang.imports.export import export_problems
from taizhang.ledger.selectors import ProblemFilter
from taizhang.orgs.models import RoleAssignment, Unit


class _Root:
    """The system actor for exports from the command line: the office of the unit exported."""

    def __init__(self, unit):
        self._tz_assignments = [RoleAssignment(role="office", unit=unit, include_subunits=True)]
        self.is_authenticated, self.is_active, self.pk = True, True, None
        self.username = self.display_name = "系统"


class Command(TaizhangCommand):
    help = "把整改台账导出为 Excel（与台账列表相同的筛选条件）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("kind", choices=["problems"])
        parser.add_argument("--campaign", required=True)
        parser.add_argument("--unit", required=True, help="单位编码（导出该单位及下级）")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user", help="以该用户的权限范围导出")
        for name in ("status", "light", "category", "source", "q", "leader"):
            parser.add_argument(f"--{name}", default="")
        parser.add_argument("--overdue", action="store_true")

    def run(self, *, kind, campaign, unit, output, user=None, overdue=False, **filters):
        camp = Campaign.objects.filter(slug=campaign).first()
        if camp is None:
            raise TaizhangError(f"专项工作「{campaign}」不存在")
        u = Unit.objects.filter(code=unit).first()
        if u is None:
            raise TaizhangError(f"单位「{unit}」不存在")
        actor = self.user_by_username(user) if user else _Root(u)
        f = ProblemFilter(unit=u, overdue=overdue, **{k: filters.get(k) or "" for k in
                                                      ("status", "light", "category", "source", "q", "leader")})
        n = export_problems(user=actor, campaign=camp, path=output, f=f)
        return {"rows": n, "file": output}

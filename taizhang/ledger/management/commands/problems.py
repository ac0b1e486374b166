"""taizhang problems list|transition — the ledger from the command line (same selectors and lifecycle)."""

from taizhang.cli.base import TaizhangCommand, add_campaign_unit
from taizhang.core.exceptions import NotFound, TaizhangError
from taizhang.ledger import lights, selectors
from taizhang.ledger.lifecycle import ACTION_ALIASES, problem_transition
from taizhang.ledger.models import Problem
from taizhang.orgs import permissions as P


def _row(p) -> dict:
    return {"number": p.number, "title": p.title, "status": p.status, "status_label": p.get_status_display(),
            "light": lights.light(p), "unit": p.unit.code, "unit_name": p.unit.name, "deadline": p.deadline,
            "responsible": p.responsible_display, "kind": p.kind, "version": p.version}


class Command(TaizhangCommand):
    help = "整改台账：list 列出问题；transition 执行状态流转（accept|request-closure|approve|return|reopen|withdraw）"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        sub = parser.add_subparsers(dest="subcommand", required=True)
        ls = sub.add_parser("list", help="列出问题")
        add_campaign_unit(ls, unit_help="单位编码（含下级）")
        ls.add_argument("--status", default="")
        ls.add_argument("--light", default="", choices=["", "red", "yellow", "green"])
        ls.add_argument("--overdue", action="store_true")
        ls.add_argument("--due-soon", action="store_true")
        ls.add_argument("--limit", type=int, default=1000)
        ls.add_argument("--as", dest="as_user", help="以该用户的权限范围查询（默认不限）")
        ls.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")
        tr = sub.add_parser("transition", help="执行状态流转")
        tr.add_argument("number", help="问题编号，如 ZG-0001")
        # Shown and accepted in the hyphen spelling of the README; request_closure is read as request-closure.
        tr.add_argument("action", type=lambda a: a.replace("_", "-"),
                        choices=sorted({a for a in ACTION_ALIASES if "_" not in a}))
        tr.add_argument("--as", dest="as_user", required=True, help="操作人用户名")
        tr.add_argument("--reason", default="")
        tr.add_argument("--campaign", help="专项工作标识（编号在多个专项工作中重复时必填）")
        tr.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")

    def run(self, subcommand, **o):
        if subcommand == "list":
            return self.run_list(**o)
        return self.run_transition(**o)

    def run_list(self, campaign, unit=None, status="", light="", overdue=False, due_soon=False, limit=1000,
                 as_user=None, **_):
        c = self.campaign_by_slug(campaign)
        u = None
        if unit:
            u = self.unit_by_code(unit)
        f = selectors.ProblemFilter(unit=u, status=status, light=light, overdue=overdue, due_soon=due_soon)
        if as_user:
            qs = selectors.problem_list(self.user_by_username(as_user), c, f)
        else:
            qs = lights.annotate_light(Problem.objects.filter(campaign=c), c.due_soon_days)
            if u is not None:
                qs = qs.filter(u.subtree_q("unit"))
            if status:
                qs = qs.filter(status=status)
            if light:
                qs = qs.filter(lights.light_q(light, c.due_soon_days))
            if overdue:
                qs = qs.filter(lights.overdue_q())
            if due_soon:
                qs = qs.filter(lights.due_soon_q(c.due_soon_days))
            qs = qs.order_by("seq")
        rows = list(qs.select_related("unit", "campaign", "responsible")[: max(1, limit)])
        return {"campaign": c.slug, "problems": [_row(p) for p in rows]}

    def run_transition(self, number, action, as_user, reason="", campaign=None, **_):
        actor = self.user_by_username(as_user)
        qs = Problem.objects.for_user(actor, P.VIEW).filter(number=number).select_related("campaign", "unit")
        if campaign:
            qs = qs.filter(campaign__slug=campaign)
        found = list(qs[:2])
        if not found:
            raise NotFound(f"问题「{number}」不存在或不在「{as_user}」的权限范围内")
        if len(found) > 1:
            raise TaizhangError(f"编号「{number}」在多个专项工作中存在，请用 --campaign 指定")
        p = problem_transition(actor=actor, problem=found[0], action=action, reason=reason)
        p = Problem.objects.select_related("campaign", "unit", "responsible").get(pk=p.pk)
        return {"ok": True, "problem": _row(p)}

    def render_text(self, result):
        if "problems" in result:
            lines = [f"{r['number']}\t{r['status_label']}\t{r['light'] or '-'}\t{r['unit']}\t"
                     f"{r['deadline'] or ''}\t{r['title']}" for r in result["problems"]]
            return "\n".join(lines) + f"\n共 {len(lines)} 个问题"
        r = result["problem"]
        return f"{r['number']} 现为「{r['status_label']}」"

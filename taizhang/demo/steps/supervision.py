"""Demo 督办单: slips of every kind from county offices to townships in every state, then (small data)
one run of the daily rules and the 回头看 scheduling, and a 通报 of the county.

Slips go through the real services (numbers, StatusChange, AuditEvent, inbox notices), so the demo shows
the same trail a real slip leaves."""

from __future__ import annotations

from datetime import timedelta

from taizhang.core.exceptions import TaizhangError
from taizhang.supervision.models import SlipKind

DEMO_ORDER = 80
SLIPS_PER_SIZE = {"small": 15, "county": 40, "province": 60}

CONTENT = {
    SlipKind.NOTICE: "根据专项工作安排，请对照问题清单逐项细化整改措施，明确责任人和整改时限，按时报送整改进展。",
    SlipKind.REMINDER: "以下问题整改时限临近，请抓紧推进，确保按期完成整改并提交销号申请。",
    SlipKind.FEEDBACK: "请就督导组反馈的问题逐条说明整改情况，附相关佐证材料。",
    SlipKind.WARNING: "以下问题已超过整改时限仍未销号，请说明原因，提出有效措施，限期整改到位。",
    SlipKind.INTERVIEW: "鉴于你单位整改工作进度滞后，红灯问题较多，定于近期对主要负责同志进行约谈，请做好准备。",
}
# the path through the lifecycle each demo slip takes
PATHS = [(), ("sign",), ("sign", "reply"), ("sign", "reply", "close"), ("sign", "reply", "send_back")]


def generate(ctx) -> None:
    from taizhang.ledger.models import Problem
    from taizhang.orgs.models import Unit
    from taizhang.supervision import services

    rng = ctx.rng_for("supervision")
    campaign = ctx.campaign
    townships = list(ctx.units_by_level.get("township", []))
    kinds = list(SlipKind)
    made = 0
    for i in range(min(SLIPS_PER_SIZE.get(ctx.size, 15), len(townships) * 3)):
        township = townships[i % len(townships)]
        county = Unit.objects.get_parent(township)
        issuer = ctx.users_by_unit.get(county.pk, {}).get("office") if county else None
        handler = ctx.users_by_unit.get(township.pk, {}).get("office")
        problems = list(Problem.objects.filter(campaign=campaign, unit=township).order_by("seq")[: rng.randint(0, 3)])
        kind = kinds[i % len(kinds)]
        try:
            slip = services.slip_issue(
                actor=issuer, kind=kind, target_unit=township, campaign=campaign, problems=problems,
                issuer_unit=county if issuer is None else None,
                title=f"关于{township.short_name or township.name}{kind.label}", content=CONTENT[kind],
                reply_deadline=ctx.today + timedelta(days=rng.randint(-5, 15)))
            for action in PATHS[(i // len(kinds) + i) % len(PATHS)]:
                actor = issuer if action in ("close", "send_back") else handler
                slip = services.slip_transition(actor=actor, slip=slip, action=action,
                                                reply="已对照问题清单逐项整改，整改台账已更新，佐证材料已上传。",
                                                reason="反馈内容不够具体，请补充整改佐证材料后重新反馈。")
        except TaizhangError:
            continue
        made += 1
    ctx.counts["supervision_slips"] = made
    if ctx.size == "small":
        from taizhang.supervision.circulars import circular_publish
        from taizhang.supervision.rules import run_all

        result = run_all(ctx.today, campaign_slug=campaign.slug)
        ctx.counts["supervision_rule_slips"] = len(result["slips"])
        ctx.counts["interview_suggestions"] = len(result["suggestions"])
        ctx.counts["lookback_plans"] = len(result["lookbacks"]) or _one_lookback_plan(ctx, campaign)
        try:
            circular_publish(actor=None, unit=ctx.root, campaign=campaign, as_of=ctx.today)
            ctx.counts["circulars"] = 1
        except TaizhangError:
            pass


def _one_lookback_plan(ctx, campaign) -> int:
    """A 回头看 plan for the problem closed longest ago, when the rules found none due yet (the demo's problems
    were closed recently): the 回头看安排 page has something to show."""
    from taizhang.ledger.models import LookBack, Problem, ProblemStatus
    from taizhang.supervision.models import LookBackPlan

    problem = (Problem.objects.filter(campaign=campaign, status=ProblemStatus.CLOSED, closed_at__isnull=False)
               .exclude(pk__in=LookBack.objects.values("problem_id")).order_by("closed_at", "pk").first())
    if problem is None:
        return 0
    LookBackPlan.objects.create(problem=problem, closed_at=problem.closed_at, due_date=ctx.today + timedelta(days=7))
    return 1

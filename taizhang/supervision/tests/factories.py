"""Building supervision records for tests through the real services."""

from __future__ import annotations

from datetime import date

from taizhang.ledger.tests.factories import pdf, problem
from taizhang.supervision import services
from taizhang.supervision.models import InterviewSuggestion, SupervisionSlip


def slip(world, *, unit: str = "T1", actor: str = "county_office", kind: str = "notice", problems=None,
         **fields) -> SupervisionSlip:
    """A slip issued by `actor` to `unit` about one new problem of that unit (unless `problems` is given)."""
    if problems is None:
        problems = [problem(world, unit)]
    defaults = {"content": "请对照问题清单抓紧整改，按期反馈整改情况。", "title": "关于加快整改进度的通知",
                "reply_deadline": date(2026, 12, 15)}
    defaults.update(fields)
    return services.slip_issue(actor=world.user(actor), kind=kind, target_unit=world.unit(unit),
                               campaign=world.campaign(), problems=problems, **defaults)


def step(world, s: SupervisionSlip, *actions: str, actor: str = "township_office", closer: str = "county_office",
         files=()) -> SupervisionSlip:
    for action in actions:
        who = closer if action in ("close", "send_back") else actor
        s = services.slip_transition(actor=world.user(who), slip=s, action=action, reply="已完成整改，附整改报告。",
                                     reason="反馈不具体，请补充佐证材料" if action == "send_back" else "",
                                     files=files if action == "reply" else ())
    return s


def matrix_slip(world) -> SupervisionSlip:
    """One slip of county_office to 东镇 T1 per test transaction."""
    existing = SupervisionSlip.objects.filter(target_unit__code="T1").order_by("pk").first()
    return existing or slip(world)


def matrix_attachment(world):
    s = matrix_slip(world)
    if not s.attachments.exists():
        step(world, s, "sign", "reply", files=[pdf("整改报告.pdf")])
    return s.attachments.first()


def matrix_suggestion(world) -> InterviewSuggestion:
    existing = InterviewSuggestion.objects.filter(unit__code="T1").first()
    return existing or InterviewSuggestion.objects.create(campaign=world.campaign(), unit=world.unit("T1"),
                                                          date=date(2026, 11, 28), red_count=6,
                                                          reason="红灯问题6个（≥5个）")


def matrix_circular(world):
    from taizhang.supervision.circulars import circular_publish
    from taizhang.supervision.models import Circular

    existing = Circular.objects.filter(unit__code="K1").first()
    return existing or circular_publish(actor=world.county_office, unit=world.unit("K1"), campaign=world.campaign())

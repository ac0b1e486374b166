"""A small narrative builder with ``draft(req)``, standing in for the real ones in the draft tests: a heading, a
paragraph of figures with a lead, a paragraph that exists only while problems are overdue, one optional case per
closed problem, a table with its 合计 row and a closing paragraph — every figure from the catalogue."""

from __future__ import annotations

from types import SimpleNamespace

from taizhang.reports import records
from taizhang.reports.builders.common import figures
from taizhang.reports.draft import Draft

KEYS = ["problems.found", "problems.listed", "problems.closed", "problems.close_rate", "problems.overdue",
        "measures.total", "measures.done"]


def draft(req) -> Draft:
    from taizhang.ledger.models import Problem, ProblemStatus
    from taizhang.orgs.scope import subtree_q

    f = figures(req, KEYS)
    d = Draft(req.kind, f"{req.unit.name}关于{req.campaign.name}阶段性工作情况的报告", req.unit.name, req.day,
              addressee="县委主题教育领导小组", figures=dict(f.values))
    d.heading("rect", "检视整改")
    d.para("rect.figures", "共查摆问题{problems.found}，已销号{problems.closed}，整改率{problems.close_rate}。",
           lead="一是抓好问题整改。")
    d.para("rect.measures", "细化整改措施{measures.total}，已完成{measures.done}。")
    if f["problems.overdue"]:
        d.para("rect.overdue", "目前仍有逾期问题{problems.overdue}，已逐一督促。")
    closed = (Problem.objects.filter(subtree_q(req.unit.path, "unit"), campaign=req.campaign,
                                     status=ProblemStatus.CLOSED).order_by("seq"))
    for p in closed:
        d.para(f"rect.case.{p.pk}", f"{p.unit.name}针对“{p.title}”问题，整改到位并已销号。", optional=True)
    d.para("rect.lookback", "各单位结合实际开展整改“回头看”，巩固整改成果。", optional=True)
    overdue = records.overdue_problems(req)
    d.table("rect.overdue_list", ["单位", "逾期问题"], [[p.unit.name, p.title] for p in overdue],
            total=["合计", f"{len(overdue)}个"])
    d.heading("next", "下一步工作打算")
    d.para("next.plan", "持续抓好整改，确保整改率{problems.close_rate}稳步提高。")
    return d


def narrative(original):
    """`original` (a builder module) with this `draft` added, for BUILDERS in tests."""
    return SimpleNamespace(build=original.build, KEYS=original.KEYS, draft=draft, LABEL=getattr(original, "LABEL", ""))


def use_drafting_builder(monkeypatch, kind: str = "stage-summary") -> None:
    from taizhang.reports.builders import BUILDERS

    monkeypatch.setitem(BUILDERS, kind, narrative(BUILDERS[kind]))


def close(world, problem, actor: str = "county_office"):
    """Close an accepted problem through the ledger's services (progress, closure request, approval)."""
    from taizhang.ledger import services
    from taizhang.ledger.lifecycle import problem_transition
    from taizhang.ledger.models import Problem
    from taizhang.ledger.tests.factories import pdf

    services.progress_add(actor=world.user(actor), problem=problem, text="已完成整改", percent=100, files=[pdf()])
    p = problem_transition(actor=world.user(actor), problem=Problem.objects.get(pk=problem.pk),
                           action="request_closure", evidence_summary="整改完成")
    return problem_transition(actor=world.province_office, problem=p, action="approve")


def ensure_narrative(kind: str = "stage-summary") -> None:
    """For the permission matrix, which cannot monkeypatch: give `kind` this `draft` when its builder has none
    yet (its `build` and `KEYS` stay the builder's own). Does nothing once the builder makes drafts itself."""
    from taizhang.reports.builders import BUILDERS

    if not hasattr(BUILDERS[kind], "draft"):
        BUILDERS[kind] = narrative(BUILDERS[kind])


def stored_draft(world, unit: str = "K1", *, edits: dict | None = None):
    """A ReportDraft of `unit` laid out by this module's `draft`, stored directly (whatever builder is
    registered), with `edits` — for tests that need a draft in a known shape."""
    from django.utils import timezone

    from taizhang.reports.models import ReportDraft
    from taizhang.reports.request import ReportRequest

    req = ReportRequest("stage-summary", world.unit(unit), world.campaign())
    return ReportDraft.objects.create(kind="stage-summary", unit=req.unit, campaign=req.campaign,
                                      generated=draft(req).to_dict(), edits=edits or {},
                                      generated_at=timezone.now(), created_by=world.county_office)

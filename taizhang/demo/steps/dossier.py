"""Demo links that close the loop (一事一档): 调研发现 problems tied to the visits that found them, and closed
problems tied to the rules that answer them, so the dossier shows whole chains
topic → visit → problem → institution."""

from __future__ import annotations

from bisect import bisect_left

from taizhang.orgs.scope import path_upper_bound

DEMO_ORDER = 70

STEPLEN = 4  # treebeard's materialized-path step


def _ancestor_paths(path: str) -> list[str]:
    return [path[:i] for i in range(len(path), 0, -STEPLEN)]


def generate(ctx) -> None:
    from taizhang.institutions.models import Institution
    from taizhang.ledger.models import Problem, ProblemStatus
    from taizhang.research.models import ResearchVisit

    rng = ctx.rng_for("dossier")
    campaign = ctx.campaign
    problems = list(Problem.objects.filter(campaign=campaign).select_related("unit").order_by("seq"))
    found = [p for p in problems if p.source == "research"]
    visits = list(ResearchVisit.objects.filter(campaign=campaign, status="done").select_related("unit")
                  .order_by("start_date", "id"))
    rng.shuffle(visits)

    # Each research problem is found on at most one visit of a topic whose unit is the problem's or above it.
    # Free problems are bucketed by unit path; a visit's candidates are the buckets in its subtree's path range
    # (found by bisection), taken from a random starting bucket — linear in visits and problems at any size.
    buckets: dict[str, list] = {}
    for p in found:
        buckets.setdefault(p.unit.path, []).append(p)
    paths = sorted(buckets)
    visit_rows, linked = [], set()
    for visit in visits:
        lo = bisect_left(paths, visit.unit.path)
        hi = bisect_left(paths, path_upper_bound(visit.unit.path))
        if lo >= hi:
            continue
        want, start = rng.randint(1, 2), rng.randrange(lo, hi)
        for i in range(hi - lo):
            bucket = buckets[paths[lo + (start - lo + i) % (hi - lo)]]
            while bucket and want:
                p = bucket.pop()
                visit_rows.append(ResearchVisit.problems.through(researchvisit_id=visit.pk, problem_id=p.pk))
                linked.add(p.pk)
                want -= 1
            if not want:
                break
    ResearchVisit.problems.through.objects.bulk_create(visit_rows, batch_size=2000)

    # Closed problems answered by a rule of their own unit or a unit above (chains first).
    by_path: dict[str, list] = {}
    for inst in Institution.objects.filter(campaign=campaign).select_related("unit"):
        by_path.setdefault(inst.unit.path, []).append(inst)
    closed = [p for p in problems if p.status == ProblemStatus.CLOSED]
    closed.sort(key=lambda p: p.pk not in linked)
    inst_rows = []
    for p in closed:
        if p.pk not in linked and rng.random() > 0.3:
            continue
        rules = [i for path in _ancestor_paths(p.unit.path) for i in by_path.get(path, [])]
        if rules:
            inst_rows.append(Institution.problems.through(institution_id=rng.choice(rules).pk, problem_id=p.pk))
    Institution.problems.through.objects.bulk_create(inst_rows, batch_size=2000)
    ctx.counts["visit_problem_links"] = len(visit_rows)
    ctx.counts["institution_problem_links"] = len(inst_rows)

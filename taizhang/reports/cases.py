"""Concrete cases a narrative report cites, chosen from the ledger by rules that can be explained to the office
that reads them — never at random. Lists only: every count a report states comes from the catalogue.

The one rule, applied per workstream with its own measure of effect:

1. order the candidates by their effect, largest first (the measure is named with each function below), then by
   the most recent date, then by the record's id, so that two generations over the same records pick the same;
2. walk that order and take a record only if its unit has not been cited yet in this workstream, until ``n``
   are taken (the cases spread across units);
3. if fewer than ``n`` units have candidates, fill up from the remaining records in the same order.

Each read starts from the actor's scope like `taizhang.reports.records`; a report as of a past day cites only
what had been recorded by then.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q

from taizhang.reports.records import _scoped

POOL = 200  # candidates read per workstream (the top of the order is all a summary cites)


def spread(rows: list, n: int = 3, unit=lambda r: r.unit_id) -> list:
    """Rules 2 and 3: the first ``n`` rows of distinct units, filled up in order when units run short."""
    picked, units = [], set()
    for row in rows:
        if len(picked) == n:
            break
        if unit(row) not in units:
            picked.append(row)
            units.add(unit(row))
    for row in rows:
        if len(picked) == n:
            break
        if row not in picked:
            picked.append(row)
    return picked


def _recent(d) -> int:
    """A date as a number that sorts the most recent first when negated (no date: oldest)."""
    return d.toordinal() if isinstance(d, date) else 0


def study(req, n: int = 2) -> list:
    """Reading classes, seminars and Party lectures (the forms a summary cites); effect = attendance (人次),
    then speakers."""
    from taizhang.study.models import StudyActivity, StudyType

    kinds = [StudyType.READING_CLASS, StudyType.SEMINAR, StudyType.PARTY_LECTURE]
    rows = list(_scoped(StudyActivity, req).filter(type__in=kinds).select_related("unit")
                .order_by("-attendance", "-speakers", "-start_date", "id")[:POOL])
    return spread(rows, n)


def research(req, n: int = 3) -> list:
    """Research transformations under way or done; effect = completed first, then the most recently completed;
    spread across topics (a topic belongs to one unit) rather than units, so that one topic is cited once before
    another of the same unit. Topics stand in when no transformation is under way: effect = visits done."""
    from taizhang.research.models import ResearchTopic, Transformation, TransformationStatus, VisitStatus

    rows = list(_scoped(Transformation, req, campaign_field="topic__campaign").select_related("unit", "topic")
                .exclude(status=TransformationStatus.PENDING)[:POOL])
    rows.sort(key=lambda t: (t.status != TransformationStatus.DONE, -_recent(t.completed_at), t.pk))
    if rows:
        return spread(rows, n, unit=lambda t: t.topic_id)
    topics = list(_scoped(ResearchTopic, req).select_related("unit")
                  .annotate(done=Count("visits", filter=Q(visits__status=VisitStatus.DONE)))
                  .filter(done__gt=0).order_by("-done", "-updated_at", "id")[:POOL])
    return spread(topics, n)


def matters(req, n: int = 3) -> list:
    """Practical matters; effect = done first, then the people they reached, then the completion date."""
    from taizhang.matters.models import MatterStatus, PracticalMatter

    rows = list(_scoped(PracticalMatter, req).select_related("unit").filter(beneficiaries__gt=0)[:POOL * 5])
    rows.sort(key=lambda m: (m.status != MatterStatus.DONE, -m.beneficiaries, -_recent(m.completed_at), m.pk))
    return spread(rows[:POOL], n)


def rectified(req, n: int = 3) -> list:
    """Closed problems; effect = measures completed, then the most recent closure. Each row carries
    ``done_measures`` (its completed measures in order)."""
    from taizhang.ledger.models import Measure, MeasureStatus, Problem, ProblemStatus

    rows = list(_scoped(Problem, req).filter(status=ProblemStatus.CLOSED).select_related("unit")
                .annotate(done=Count("measures", filter=Q(measures__status=MeasureStatus.DONE)))
                .order_by("-done", "-closed_on", "seq")[:POOL])
    picked = spread(rows, n)
    for p in picked:
        p.done_measures = list(Measure.objects.filter(problem=p, status=MeasureStatus.DONE)
                               .order_by("sort_order", "id").values_list("text", flat=True))
    return picked


def institutions(req, n: int = 3) -> list:
    """New and revised rules; effect = the number of problems a rule was made from, then the issue date.
    Each row carries ``from_problems`` (their titles, in number order)."""
    from taizhang.institutions.models import Institution, InstitutionKind

    rows = list(_scoped(Institution, req).exclude(kind=InstitutionKind.ABOLISHED).select_related("unit")
                .annotate(linked=Count("problems")).order_by("-linked", "-issued_date", "-id")[:POOL])
    picked = spread(rows, n)
    for inst in picked:
        inst.from_problems = list(inst.problems.order_by("seq").values_list("title", flat=True)[:2])
    return picked


def typical(req, n: int = 4) -> list:
    """Typical experience: non-confidential materials the office marked 典型经验, then 经验做法, 调研报告 and 阶段总结
    put into a 交流材料汇编; effect = marked first, then the genre 经验做法, then the most recent."""
    from taizhang.materials.models import CompilationItem, Genre, Material

    in_compilation = Exists(CompilationItem.objects.filter(material=OuterRef("pk")))
    # From a 汇编, only texts about the work (not personal speeches or reflections) stand for a unit's experience.
    exchange = Q(in_compilation) & Q(genre__in=[Genre.EXPERIENCE, Genre.RESEARCH_REPORT, Genre.STAGE_SUMMARY])
    rows = list(_scoped(Material, req).filter(confidential=False).filter(Q(typical=True) | exchange)
                .select_related("unit").order_by("-typical", "-created_at", "-id")[:POOL])
    rows.sort(key=lambda m: (not m.typical, m.genre != Genre.EXPERIENCE))  # stable: keeps the date order
    return spread(rows, n)


def longest_overdue(req):
    """The overdue problem past its deadline the longest (then the lowest number)."""
    from taizhang.ledger import lights
    from taizhang.ledger.models import Problem

    return (_scoped(Problem, req).filter(lights.overdue_q(req.day)).select_related("unit")
            .order_by("deadline", "seq").first())


def reading_list(req, limit: int = 3) -> list[str]:
    """The first titles of the campaign's required reading (必读书目)."""
    from taizhang.study.models import ReadingItem, ReadingKind

    return list(ReadingItem.objects.filter(campaign=req.campaign, kind=ReadingKind.REQUIRED)
                .order_by("sort_order", "id").values_list("title", flat=True)[:limit])

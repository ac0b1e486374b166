"""The ledger rows a report lists by name (top research transformations, institutions, overdue problems,
the full ledger of an annex). Lists only: every count printed comes from the catalogue (`figures`).

Every read starts from the actor's scope; the command line (actor None) runs as the system and reads the
unit's subtree directly.
"""

from __future__ import annotations

from django.db.models import Prefetch

from taizhang.ledger import lights
from taizhang.ledger.models import Problem, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import subtree_q


def _scoped(model, req, unit_field: str = "unit", campaign_field: str = "campaign"):
    qs = model.objects.for_user(req.actor, P.VIEW) if req.actor is not None else model.objects.all()
    qs = qs.filter(subtree_q(req.unit.path, unit_field), **{campaign_field: req.campaign})
    if req.as_of is not None:
        # A report as of a past day names only what had been recorded by then (each row as it stands now).
        qs = qs.filter(created_at__lt=_day_end(req.as_of))
    return qs


def _day_end(day):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def transformations(req, limit: int = 8) -> list:
    from taizhang.research.models import Transformation, TransformationStatus

    qs = _scoped(Transformation, req, campaign_field="topic__campaign").select_related("unit", "topic")
    # Finished items first: a summary shows what was achieved, then what is under way.
    done_first = [TransformationStatus.DONE, TransformationStatus.IN_PROGRESS, TransformationStatus.PENDING]
    rows = list(qs.order_by("-completed_at", "-id")[: limit * 3])
    rows.sort(key=lambda t: done_first.index(t.status) if t.status in done_first else 9)
    return rows[:limit]


def institutions(req, limit: int = 10) -> list:
    from taizhang.institutions.models import Institution

    return list(_scoped(Institution, req).select_related("unit").order_by("-issued_date", "-id")[:limit])


def matters(req, limit: int = 6) -> list:
    from taizhang.matters.models import PracticalMatter

    return list(_scoped(PracticalMatter, req).select_related("unit").order_by("-beneficiaries", "-id")[:limit])


def overdue_problems(req, limit: int = 50) -> list:
    return list(_scoped(Problem, req).filter(lights.overdue_q(req.day)).select_related("unit")
                .order_by("deadline", "seq")[:limit])


def ledger(req, limit: int, *, listed_only: bool = False) -> list:
    """The problems of the subtree in number order (withdrawn ones included, marked by their status, unless
    ``listed_only``: the problems on the list, as ``problems.listed`` counts them)."""
    qs = _scoped(Problem, req)
    if listed_only:
        qs = qs.exclude(status=ProblemStatus.WITHDRAWN)
    return list(qs.select_related("unit", "leader").order_by("seq")[:limit])


def topics(req, limit: int = 200) -> list:
    from taizhang.research.models import ResearchTopic, ResearchVisit, Transformation, VisitStatus

    visits = ResearchVisit.objects.filter(status=VisitStatus.DONE).select_related("site_unit").order_by("start_date")
    return list(_scoped(ResearchTopic, req).select_related("unit", "lead_leader")
                .prefetch_related(Prefetch("visits", queryset=visits),
                                  Prefetch("transformations", queryset=Transformation.objects.order_by("id")))
                .order_by("unit__path", "id")[:limit])


def compilation_materials(req) -> list:
    """The compilation's materials in order. A compilation of the report unit's subtree is the whole volume as
    compiled (it may hold other units' exchange materials); asked for a unit below the compilation's (or beside
    it), the volume holds that unit's subtree's materials only. Confidential ones never appear (the materials
    app refuses to add them, and this read keeps to the actor's visible materials as well)."""
    from taizhang.materials.selectors import materials_visible

    items = req.compilation.items.select_related("material__unit").order_by("position", "id")
    if not req.compilation.unit.path.startswith(req.unit.path):
        items = items.filter(subtree_q(req.unit.path, "material__unit"))
    materials = [i.material for i in items if not i.material.confidential]
    if req.actor is not None:
        visible = set(materials_visible(req.actor).filter(pk__in=[m.pk for m in materials])
                      .values_list("pk", flat=True))
        materials = [m for m in materials if m.pk in visible]
    return materials


STATUS_LABELS = dict(ProblemStatus.choices)

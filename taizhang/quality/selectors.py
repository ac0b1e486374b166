"""Reads of 问题质量, each starting from the user's scope: similar problems, 共性问题 clusters, quality findings."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q

from taizhang.ledger.models import Attachment, Problem, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.quality import checks
from taizhang.quality.models import DuplicateMark
from taizhang.quality.text import TextIndex, cluster, medoid

SUGGESTIONS = 5
SUGGEST_MIN = 0.15
CLUSTER_THRESHOLD = 0.6
CLUSTER_MIN_UNITS = 3
_LOCK = threading.Lock()


def problems_in_scope(user, campaign, unit=None, *, descendants_only: bool = False):
    """The campaign's problems the user sees, optionally only in `unit`'s subtree (or strictly below it)."""
    qs = Problem.objects.for_user(user, P.VIEW).filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
        if descendants_only:
            qs = qs.exclude(unit_id=unit.pk)
    return qs


# The campaign's statement index, per process, rebuilt when a problem of the campaign is added or edited: building
# it costs a fraction of a millisecond per problem, too much to repeat on every key the user types.
_INDEXES: OrderedDict = OrderedDict()
_INDEXES_KEPT = 8


def campaign_index(campaign) -> TextIndex:
    """TF-IDF index of every problem statement of the campaign (all units; reads narrow it to the user's scope)."""
    token = Problem.objects.filter(campaign=campaign).aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    key = (campaign.pk, token["n"], token["last"], token["top"])
    with _LOCK:
        index = _INDEXES.get(campaign.pk)
        if index is not None and index.key == key:
            _INDEXES.move_to_end(campaign.pk)
            return index
    rows = Problem.objects.filter(campaign=campaign).order_by("pk").values_list("pk", "title", "description")
    index = TextIndex((pk, checks.statement(title, description)) for pk, title, description in rows.iterator())
    index.key = key
    with _LOCK:
        _INDEXES[campaign.pk] = index
        _INDEXES.move_to_end(campaign.pk)
        while len(_INDEXES) > _INDEXES_KEPT:
            _INDEXES.popitem(last=False)
    return index


def similar_problems(user, campaign, text: str, *, exclude_pk: int | None = None,
                     limit: int = SUGGESTIONS) -> list[dict]:
    """The problems of the campaign in the user's scope most like `text` (typed into a new problem), best first:
    [{"problem", "score"}]. Withdrawn problems are not offered."""
    if len(checks.normalise(text)) < 2:
        return []
    visible = set(problems_in_scope(user, campaign).exclude(status=ProblemStatus.WITHDRAWN)
                  .values_list("pk", flat=True))
    hits = campaign_index(campaign).query(text, limit=limit, min_score=SUGGEST_MIN, only=visible,
                                          exclude=(exclude_pk,) if exclude_pk else ())
    problems = Problem.objects.select_related("unit").in_bulk([pk for pk, _ in hits])
    return [{"problem": problems[pk], "score": score} for pk, score in hits]


def duplicate_mark_of(user, problem) -> DuplicateMark | None:
    """The mark that `problem` repeats another one, if the user sees the problem it points to."""
    mark = DuplicateMark.objects.select_related("kept", "kept__unit").filter(duplicate=problem).first()
    if mark is None or not Problem.objects.for_user(user, P.VIEW).filter(pk=mark.kept_id).exists():
        return None
    return mark


def duplicates_of(user, problem) -> list[DuplicateMark]:
    """The withdrawn duplicates of a kept problem that the user sees."""
    return list(DuplicateMark.objects.for_user(user, P.VIEW).filter(kept=problem)
                .select_related("duplicate", "duplicate__unit", "marked_by").order_by("marked_at", "id"))


@dataclass
class Cluster:
    """One 共性问题: problems of several units that say nearly the same thing."""

    key: int  # the representative problem's id
    representative: Problem
    problems: list[Problem]
    units: list = field(default_factory=list)
    statuses: list[tuple[str, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.problems)

    @property
    def problem_ids(self) -> list[int]:
        return [p.pk for p in self.problems]


def problem_clusters(user, campaign, unit, *, threshold: float = CLUSTER_THRESHOLD,
                     min_units: int = CLUSTER_MIN_UNITS) -> list[Cluster]:
    """共性问题 of `unit`'s descendants: groups of problems linked by statement similarity ≥ `threshold` that occur
    in at least `min_units` units, largest first. Withdrawn problems are left out. Deterministic: the same rows
    give the same groups, each led by its most central statement."""
    unit_of = dict(problems_in_scope(user, campaign, unit, descendants_only=True)
                   .exclude(status=ProblemStatus.WITHDRAWN).values_list("pk", "unit_id"))
    index = campaign_index(campaign)
    groups = [g for g in cluster(index, threshold, only=set(unit_of)) if len({unit_of[pk] for pk in g}) >= min_units]
    wanted = [pk for g in groups for pk in g]
    problems = Problem.objects.select_related("unit").in_bulk(wanted)
    labels = dict(ProblemStatus.choices)
    out = []
    for g in groups:
        rep = medoid(index, g)
        members = [problems[pk] for pk in g]
        units = {}
        for p in members:
            units.setdefault(p.unit_id, {"unit": p.unit, "statuses": Counter()})["statuses"][p.status] += 1
        unit_rows = [{"unit": u["unit"], "statuses": [(labels[s], n) for s, n in sorted(u["statuses"].items())]}
                     for u in sorted(units.values(), key=lambda u: u["unit"].path)]
        status_counts = Counter(p.status for p in members)
        out.append(Cluster(key=rep, representative=problems[rep], problems=members, units=unit_rows,
                           statuses=[(labels[s], status_counts[s]) for s in labels if status_counts.get(s)]))
    return out


def problems_by_ids(user, campaign, ids) -> list[Problem]:
    """The problems among `ids` that the user sees in the campaign (a cluster's members sent back by a form)."""
    return list(problems_in_scope(user, campaign).filter(pk__in=list(ids)).order_by("pk"))


def _with_evidence(qs):
    """Annotate `has_evidence`: the problem's open or approved 销号 request, or its progress, carries a file."""
    files = Attachment.objects.filter(problem=OuterRef("pk")).filter(
        Q(progress__isnull=False) | Q(closure__isnull=False, closure__decision__in=("", "approved")))
    return qs.annotate(has_evidence=Exists(files))


def findings_for(user, campaign, problems, *, generic_limit: int = checks.GENERIC_UNITS,
                 generic_similarity: float = checks.GENERIC_SIMILARITY) -> dict[int, list[checks.Finding]]:
    """Quality findings of `problems` (Problem rows of `campaign`); the generic check compares each statement with
    the campaign's problems in the user's scope."""
    problems = list(problems)
    if not problems:
        return {}
    ids = [p.pk for p in problems]
    unit_of = dict(problems_in_scope(user, campaign).exclude(status=ProblemStatus.WITHDRAWN)
                   .values_list("pk", "unit_id"))
    generic = checks.generic_counts(campaign_index(campaign), unit_of, [pk for pk in ids if pk in unit_of],
                                    threshold=generic_similarity)
    evidence = dict(_with_evidence(Problem.objects.filter(pk__in=ids)).values_list("pk", "has_evidence"))
    measures: dict[int, list] = {pk: [] for pk in ids}
    from taizhang.ledger.models import Measure

    for m in Measure.objects.filter(problem_id__in=ids).order_by("sort_order", "id"):
        measures[m.problem_id].append(m)
    return {p.pk: checks.problem_findings(p, measures=measures[p.pk], has_evidence=evidence.get(p.pk, False),
                                          generic_units=generic.get(p.pk), generic_limit=generic_limit)
            for p in problems}


def quality_report(user, campaign, unit=None, *, kind: str = "", generic_limit: int = checks.GENERIC_UNITS,
                   generic_similarity: float = checks.GENERIC_SIMILARITY) -> list[dict]:
    """Every problem of the campaign in the user's scope (in `unit`'s subtree if given) with findings, and its
    findings: [{"problem", "findings"}], by number; `kind` keeps only one kind of finding."""
    problems = list(problems_in_scope(user, campaign, unit).select_related("unit", "campaign").order_by("seq"))
    found = findings_for(user, campaign, problems, generic_limit=generic_limit, generic_similarity=generic_similarity)
    out = []
    for p in problems:
        fs = [f for f in found.get(p.pk, []) if not kind or f.kind == kind]
        if fs:
            out.append({"problem": p, "findings": fs})
    return out


def annotate_findings(user, campaign, problems) -> list:
    """Put each problem's findings on it as `quality_findings` (the review queue shows them under each row)."""
    problems = list(problems)
    found = findings_for(user, campaign, problems)
    for p in problems:
        p.quality_findings = found.get(p.pk, [])
    return problems

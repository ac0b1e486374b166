"""Reads of 问题质量, each starting from the user's scope: similar problems, 共性问题 clusters, quality findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from taizhang.institutions.models import Institution
from taizhang.ledger.models import Attachment, Problem, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.quality import checks
from taizhang.quality.models import DuplicateMark
from taizhang.quality.text import TextIndex, cluster, normalise
from taizhang.research.models import ResearchTopic

SUGGESTIONS = 5
SUGGEST_MIN = 0.15
CLUSTER_THRESHOLD = 0.6
CLUSTER_MIN_UNITS = 3
LARGE_SCOPE = 20000
NEIGHBOURHOOD = 50_000  # at most this many problems are read to check one statement in a very large scope
LARGE_PAGE = 30_000  # the 共性问题 and 问题质量 pages ask for a smaller unit above this many problems (a county
# holds about 8,000 in the province demo; a city's 80,000 took 44 s to cluster)


def _more_than(qs, n: int) -> bool:
    """Whether `qs` holds more than `n` rows, counting no further than n + 1 (a province holds a million)."""
    return qs.order_by()[: n + 1].count() > n


def problems_in_scope(user, campaign, unit=None, *, descendants_only: bool = False):
    """The campaign's problems the user sees, optionally only in `unit`'s subtree (or strictly below it)."""
    qs = Problem.objects.for_user(user, P.VIEW).filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
        if descendants_only:
            qs = qs.exclude(unit_id=unit.pk)
    return qs


def _statements(rows) -> dict[str, list]:
    """The distinct statements (problem titles, normalised) among `rows` of (pk, title, unit id), each with its
    [(pk, unit id)]. Templated data repeats statements; each is compared once."""
    by_text: dict[str, list] = {}
    for pk, title, unit_id in rows:
        by_text.setdefault(normalise(title), []).append((pk, unit_id))
    by_text.pop("", None)
    return by_text


def _titles(rows, *, idf: bool = True) -> tuple[TextIndex, dict]:
    """An index of the distinct statements among `rows` (`_statements`), and the statements.

    `idf=False` weighs every shingle alike: finding the same statement across units (clusters, the generic check)
    must not discount the very words that forty units share, as IDF over those units would."""
    by_text = _statements(rows)
    return TextIndex(((key, key) for key in by_text), idf=idf), by_text


def similar_problems(user, campaign, text: str, *, exclude_pk: int | None = None, near_unit=None,
                     limit: int = SUGGESTIONS) -> list[dict]:
    """The problems of the campaign in the user's scope whose statements are most like `text` (typed into a new
    problem), best first: [{"problem", "score"}]. Withdrawn problems are not offered. Where the scope holds more
    than LARGE_SCOPE problems (a province office), the comparison keeps to the subtree of `near_unit`'s parent —
    the unit the problem is being filed for and its neighbours."""
    if len(normalise(text)) < 2:
        return []
    qs = problems_in_scope(user, campaign).exclude(status=ProblemStatus.WITHDRAWN)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if near_unit is not None and _more_than(qs, LARGE_SCOPE):
        qs = qs.filter(unit__path__startswith=_neighbourhood(qs, near_unit, 1))
    index, by_text = _titles(qs.order_by("pk").values_list("pk", "title", "unit_id"))
    hits = []
    for key, score in index.query(text, limit=limit, min_score=SUGGEST_MIN):
        hits.extend((pk, score) for pk, _ in by_text[key])
    hits = hits[:limit]
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
    institutions: list = field(default_factory=list)  # rules already linked to some of its problems
    topics: list = field(default_factory=list)  # research topics already studying some of them

    @property
    def size(self) -> int:
        return len(self.problems)

    @property
    def problem_ids(self) -> list[int]:
        return [p.pk for p in self.problems]


def problem_clusters(user, campaign, unit, *, threshold: float = CLUSTER_THRESHOLD,
                     min_units: int = CLUSTER_MIN_UNITS, limit: int | None = None) -> list[Cluster]:
    """共性问题 of `unit`'s descendants: groups of problems whose statements (titles) are at least `threshold`
    similar to the group's central statement and that occur in at least `min_units` units, largest first.
    Withdrawn problems are left out. Deterministic: the same rows give the same groups. `limit` keeps the largest.
    The count of all groups is on the list as `total`."""
    rows = (problems_in_scope(user, campaign, unit, descendants_only=True).exclude(status=ProblemStatus.WITHDRAWN)
            .order_by("pk").values_list("pk", "title", "unit_id"))
    index, by_text = _titles(rows, idf=False)
    groups = []
    for keys in cluster(index, threshold, weights={k: len(v) for k, v in by_text.items()}):
        members = [pk for k in keys for pk, _ in by_text[k]]
        if len({u for k in keys for _, u in by_text[k]}) >= min_units:
            groups.append((by_text[keys[0]][0][0], sorted(members)))
    total = len(groups)
    groups = groups[:limit] if limit else groups
    problems = Problem.objects.select_related("unit").in_bulk([pk for _, g in groups for pk in g])
    labels = dict(ProblemStatus.choices)
    out = []
    for rep, g in groups:
        members = [problems[pk] for pk in g]
        units = {}
        for p in members:
            units.setdefault(p.unit_id, {"unit": p.unit, "statuses": Counter()})["statuses"][p.status] += 1
        unit_rows = [{"unit": u["unit"], "statuses": [(labels[s], n) for s, n in sorted(u["statuses"].items())]}
                     for u in sorted(units.values(), key=lambda u: u["unit"].path)]
        status_counts = Counter(p.status for p in members)
        out.append(Cluster(key=rep, representative=problems[rep], problems=members, units=unit_rows,
                           statuses=[(labels[s], status_counts[s]) for s in labels if status_counts.get(s)]))
    for model, name in ((Institution, "institutions"), (ResearchTopic, "topics")):
        _put_linked(out, model, name, user)
    return ClusterList(out, total)


class ClusterList(list):
    """The clusters shown, and `total`: how many there are in all."""

    def __init__(self, items, total: int):
        super().__init__(items)
        self.total = total


def _put_linked(clusters, model, name: str, user) -> None:
    """Set `name` on each cluster: the records of `model` (rules, topics) the user sees that are linked to some of
    its problems, each with `covered` — how many of them (one query for all clusters)."""
    through = model.problems.through
    owner = f"{model._meta.model_name}_id"
    ids = [pk for c in clusters for pk in c.problem_ids]
    links: dict[int, set[int]] = {}
    for owner_id, problem_id in through.objects.filter(problem_id__in=ids).values_list(owner, "problem_id"):
        links.setdefault(owner_id, set()).add(problem_id)
    records = model.objects.for_user(user, P.VIEW).in_bulk(list(links))
    for c in clusters:
        mine = set(c.problem_ids)
        found = []
        for owner_id in sorted(records):
            covered = len(links[owner_id] & mine)
            if covered:
                record = records[owner_id]
                record.covered = covered
                found.append(record)
        setattr(c, name, found)


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
    return _findings(user, campaign, problems, generic_limit=generic_limit, generic_similarity=generic_similarity)[0]


def _findings(user, campaign, problems, *, generic_limit: int = checks.GENERIC_UNITS,
              generic_similarity: float = checks.GENERIC_SIMILARITY,
              max_neighbourhoods: int | None = None) -> tuple[dict[int, list[checks.Finding]], bool]:
    """`findings_for`, and whether the generic check was made: with `max_neighbourhoods`, a very large scope whose
    problems lie in more neighbourhoods than that (each read whole, see `_generic_scopes`) gets none."""
    problems = list(problems)
    if not problems:
        return {}, True
    ids = [p.pk for p in problems]
    scope = problems_in_scope(user, campaign).exclude(status=ProblemStatus.WITHDRAWN)
    generic: dict[int, int] = {}
    scopes = _generic_scopes(scope, problems, max_neighbourhoods)
    for qs, group in scopes:
        by_text = _statements(qs.values_list("pk", "title", "unit_id"))
        generic.update(checks.generic_counts(by_text, {p.pk: (normalise(p.title), p.unit_id) for p in group},
                                             threshold=generic_similarity))
    evidence = dict(_with_evidence(Problem.objects.filter(pk__in=ids)).values_list("pk", "has_evidence"))
    measures: dict[int, list] = {pk: [] for pk in ids}
    from taizhang.ledger.models import Measure

    for m in Measure.objects.filter(problem_id__in=ids).order_by("sort_order", "id"):
        measures[m.problem_id].append(m)
    return {p.pk: checks.problem_findings(p, measures=measures[p.pk], has_evidence=evidence.get(p.pk, False),
                                          generic_units=generic.get(p.pk), generic_limit=generic_limit)
            for p in problems}, bool(scopes)


def _generic_scopes(scope, problems, max_groups: int | None = None):
    """What each problem's statement is compared with for the generic check: the user's scope, or — where the
    scope holds more than LARGE_SCOPE problems (a province office) — the subtree two levels above each problem's
    unit (its county, for a branch), so a province's million problems are not read for one page."""
    if not _more_than(scope, LARGE_SCOPE):
        return [(scope, problems)]
    if max_groups is not None:
        # a neighbourhood lies inside the subtree two levels above its problem's unit: more such subtrees than
        # `max_groups` means more neighbourhoods still, and none is counted
        widest = {(_above(p.unit, 2) or [p.unit.path])[0] for p in problems}
        if len(widest) > max_groups:
            return []
    groups: dict[str, list] = {}
    too_many: dict[str, bool] = {}
    for p in problems:
        groups.setdefault(_neighbourhood(scope, p.unit, 2, too_many), []).append(p)
    return [(scope.filter(unit__path__startswith=prefix), group) for prefix, group in sorted(groups.items())]


def _above(unit, levels: int) -> list[str]:
    """The paths of `unit`'s ancestors from `levels` above it down to its parent (never above the top level)."""
    return unit.ancestor_paths()[:-1][-levels:] if levels > 0 else []


def _neighbourhood(scope, unit, levels: int, too_many: dict | None = None) -> str:
    """The path of the subtree a statement of `unit` is compared in when the scope is very large: `levels` above
    the unit, or nearer where that subtree still holds more than NEIGHBOURHOOD problems of `scope` (a county's
    own problem in a province of a million: two levels up is the province itself)."""
    too_many = {} if too_many is None else too_many  # prefix → holds more than NEIGHBOURHOOD (kept by the caller)
    for prefix in _above(unit, levels):
        if prefix not in too_many:
            too_many[prefix] = _more_than(scope.filter(unit__path__startswith=prefix), NEIGHBOURHOOD)
        if not too_many[prefix]:
            return prefix
    return unit.path


def too_large(user, campaign, unit) -> bool:
    """Is `unit`'s subtree (the user's whole scope when None) too large for a page that reads every problem of it?"""
    return _more_than(problems_in_scope(user, campaign, unit), LARGE_PAGE)


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


QUEUE_NEIGHBOURHOODS = 3  # the review queue compares statements in at most this many neighbourhoods


def annotate_findings(user, campaign, problems) -> tuple[list, bool]:
    """Put each problem's findings on it as `quality_findings` (the review queue shows them under each row), and
    say whether the generic check was made: a province office's queue holds problems of a hundred counties, and
    reading each county's statements would keep the page for a minute — the check is then left to each problem's
    own page and the 问题质量 report of a smaller unit."""
    problems = list(problems)
    found, generic_checked = _findings(user, campaign, problems, max_neighbourhoods=QUEUE_NEIGHBOURHOODS)
    for p in problems:
        p.quality_findings = found.get(p.pk, [])
    return problems, generic_checked

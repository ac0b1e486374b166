"""Reads of the index: what a user may find, scoped before anything is matched.

`search(user, query, …)` keeps only the rows whose owning unit lies in the user's scope for `view` and whose
campaign the user takes part in; a confidential material's row only where the materials' own rule lets the user
read it (its author, its unit's office, a granted leader). Snippets are cut from the row's own text, so nothing
outside the scope can show in one. The match itself is the database's full-text index (see models.py).
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, Case, Count, F, FloatField, Func, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from taizhang.campaigns.models import Campaign
from taizhang.core import querysets
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import scope_q
from taizhang.search.models import SearchEntry, SearchKind, SearchToken
from taizhang.search.statuses import status_label
from taizhang.search.tokenize import tokenize

KIND_LABELS = dict(SearchKind.choices)
KIND_ORDER = [k for k, _ in SearchKind.choices]
MAX_QUERY = 100  # characters of a query that are read
MAX_TERMS = 12
SNIPPET = 90  # characters of text a snippet shows


def query_terms(query: str) -> list[str]:
    """The distinct words of a query, in order (at most MAX_TERMS)."""
    seen: list[str] = []
    for token in tokenize((query or "")[:MAX_QUERY]):
        if token not in seen:
            seen.append(token)
    return seen[:MAX_TERMS]


def _fts5_term(term: str, prefix: bool = False) -> str:
    return '"' + term.replace('"', '""') + '"' + ("*" if prefix else "")


def _fts5(terms: list[str], op: str = " ") -> str:
    # the last word may still be being typed
    return op.join(_fts5_term(t, i == len(terms) - 1) for i, t in enumerate(terms))


def _ts_term(term: str, prefix: bool = False) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def _tsquery(terms: list[str], op: str = " & ") -> str:
    return op.join(_ts_term(t, i == len(terms) - 1) for i, t in enumerate(terms))


class _OnStoredTsv(Func):
    """PostgreSQL: an expression over the row's stored `tsv` (to_tsvector('simple', tokens), GIN-indexed; migration
    0004) and a tsquery. The column is named through the row's own alias, so it also works inside a subquery."""

    sql = ""

    def __init__(self, tsquery: str):
        super().__init__(F("id"))
        self.tsquery = tsquery

    def as_sql(self, compiler, connection, **extra):
        id_sql, _ = compiler.compile(self.source_expressions[0])
        return self.sql.format(tsv=f'{id_sql.rsplit(".", 1)[0]}."tsv"'), [self.tsquery]


class TsvMatch(_OnStoredTsv):
    """The row matches the tsquery."""

    output_field = BooleanField()
    sql = "{tsv} @@ to_tsquery('simple', %s)"


class TsRank(_OnStoredTsv):
    """ts_rank_cd for the tsquery (cover density: words of the query close together score higher), divided by
    1 + log(length) so that a long material does not win by its length."""

    output_field = FloatField()
    sql = "ts_rank_cd({tsv}, to_tsquery('simple', %s), 1)"


def _token_entries(term: str, prefix: bool):
    # istartswith: MariaDB's LIKE BINARY of startswith cannot use the token index; tokens are lower-cased anyway
    tokens = SearchToken.objects.filter(token__istartswith=term) if prefix else SearchToken.objects.filter(token=term)
    return tokens.values("entry_id")


def term_q(term: str, *, prefix: bool = False) -> Q:
    """The rows holding one word (as a prefix: the word still being typed), through the database's index."""
    vendor = connection.vendor
    if vendor == "sqlite":
        return Q(id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [_fts5_term(term, prefix)]))
    if vendor == "postgresql":
        return Q(id__in=SearchEntry.objects.filter(TsvMatch(_ts_term(term, prefix))).values("id"))
    return Q(id__in=_token_entries(term, prefix))


def matching(qs, terms: list[str]):
    """`qs` (of SearchEntry) narrowed to the rows holding every term (the last one as a prefix)."""
    if not terms:
        return qs.none()
    vendor = connection.vendor
    if vendor == "sqlite":
        return qs.filter(id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [_fts5(terms)]))
    if vendor == "postgresql":
        return qs.filter(TsvMatch(_tsquery(terms)))
    for i, term in enumerate(terms):
        qs = qs.filter(id__in=_token_entries(term, i == len(terms) - 1))
    return qs


MAX_COMBINATIONS = 20


def enough_words(terms: list[str]) -> list[tuple[int, ...]]:
    """The sets of the query's words of which a row must hold one set whole to be found: half of the words of two
    characters or more (rounded up) — a row holding only a single character of a query, or one word of five, is
    noise, not a result. A query with fewer than two such words (or too many sets) needs every word."""
    every = [tuple(range(len(terms)))]
    words = [i for i, t in enumerate(terms) if len(t) >= 2]
    if len(words) < 2:
        return every
    sets = list(itertools.combinations(words, (len(words) + 1) // 2))
    return sets if len(sets) <= MAX_COMBINATIONS else every


def matching_any(qs, terms: list[str]):
    """`qs` narrowed to the search box's matches: the rows holding enough of the query's words (`enough_words`),
    which `rows` ranks so that those holding every word come first."""
    sets = enough_words(terms)
    if len(sets) == 1:
        return matching(qs, terms)
    last = len(terms) - 1
    vendor = connection.vendor
    if vendor == "sqlite":
        query = " OR ".join("(" + " AND ".join(_fts5_term(terms[i], i == last) for i in one) + ")" for one in sets)
        return qs.filter(id__in=RawSQL("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [query]))
    if vendor == "postgresql":
        return qs.filter(TsvMatch(" | ".join("(" + " & ".join(_ts_term(terms[i], i == last) for i in one) + ")"
                                             for one in sets)))
    q = Q()
    for one in sets:
        both = Q()
        for i in one:
            both &= term_q(terms[i], prefix=i == last)
        q |= both
    return qs.filter(q)


# --- relevance ------------------------------------------------------------------------------------------

RANK_CANDIDATES = 400  # rows of the best tier that are scored in full (the first pages of a search)
PREVIEW_CANDIDATES = 50  # the same for the few rows each kind's group shows on the results page


def _matched_count(terms: list[str]):
    """How many of the query's words a row holds: on PostgreSQL read from the row's own tsvector, elsewhere one
    indexed lookup per word (a lookup per word on PostgreSQL would gather every row holding a common word to
    test the few candidates)."""
    if len(terms) < 2:
        return Value(1)
    last = len(terms) - 1
    if connection.vendor == "postgresql":
        held = [TsvMatch(_ts_term(t, i == last)) for i, t in enumerate(terms)]
    else:
        held = [term_q(t, prefix=i == last) for i, t in enumerate(terms)]
    return sum((Case(When(h, then=Value(1)), default=Value(0)) for h in held), Value(0))


def _scores(terms: list[str], candidates: list[int]) -> dict[int, float]:
    """The database's own relevance of each candidate row for the query (higher is better): SQLite FTS5 bm25,
    PostgreSQL ts_rank_cd over the stored tsvector, MariaDB the query's words the row holds weighted by their
    rarity (inverse document frequency from the token table)."""
    vendor = connection.vendor
    if vendor == "sqlite":
        # One pass of the match over the candidates' range of rowids (they are the newest of their tier, so the
        # range is narrow); a per-row subquery would run the match once per row.
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, -bm25(search_fts) FROM search_fts WHERE search_fts MATCH %s "
                           "AND rowid BETWEEN %s AND %s", [_fts5(terms, " OR "), min(candidates), max(candidates)])
            return dict(cursor.fetchall())
    rows = SearchEntry.objects.filter(id__in=candidates)
    if vendor == "postgresql":
        return dict(rows.annotate(tz_score=TsRank(_tsquery(terms, " | "))).values_list("id", "tz_score"))
    total = SearchEntry.objects.count() or 1
    score = Value(0.0)
    for i, t in enumerate(terms):
        prefix = i == len(terms) - 1
        df = (SearchToken.objects.filter(token__istartswith=t) if prefix else SearchToken.objects.filter(token=t)).count()
        weight = math.log((1 + total) / (1 + df)) + 1.0
        score = score + Case(When(term_q(t, prefix=prefix), then=Value(weight)), default=Value(0.0),
                             output_field=FloatField())
    return dict(rows.annotate(tz_score=score).values_list("id", "tz_score"))


WALK_ABOVE = 20_000  # matches from which the newest are found by walking the primary key backwards


def _planned_rows(qs) -> int:
    """PostgreSQL's estimate of how many rows `qs` holds (EXPLAIN, no row read): for a word of the tsvector's
    most common elements (ANALYZE keeps them with their frequencies) it is close; a rarer word is estimated low."""
    sql, params = qs.order_by().values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _many(qs) -> bool:
    """Whether `qs` holds WALK_ABOVE rows or more: on PostgreSQL by the planner's estimate (counting 20,000 rows
    of a common word through the index costs as much as the walk it decides on), elsewhere counted up to there."""
    if connection.vendor == "postgresql":
        return _planned_rows(qs) >= WALK_ABOVE
    return qs.order_by()[:WALK_ABOVE].count() >= WALK_ABOVE


def _one_kind(qs) -> str | None:
    """The kind of record `qs` is narrowed to (`.filter(kind=…)` at its top level), if one."""
    for c in qs.query.where.children:
        if isinstance(c, Exact) and getattr(getattr(c.lhs, "target", None), "name", "") == "kind":
            return c.rhs
    return None


def _latest(qs):
    """`qs` of every kind newest first, in the cheaper of two ways: with many matches the database walks the primary
    key backwards and stops after the few it needs; with few it sorts them (the order is then on an expression,
    which no index can serve — else the walk would read the whole table to find a rare word's rows). A search of
    one kind reads its newest records through `_newest` instead."""
    if _many(qs):
        return qs.order_by("-id")
    return qs.annotate(tz_position=F("id") + 0).order_by("-tz_position")


NEWEST_WINDOW = 20_000  # the newest records of a kind looked at first


def _sorted(qs):
    """`qs` newest first by an expression no index serves: the database gathers the matches through the full-text
    index and sorts them, never walking the kind's records (right where the newest records hold few matches)."""
    return qs.annotate(tz_position=F("object_id") + 0).order_by("-tz_position")


def _edges(kinds) -> dict[str, int]:
    """For each kind with records, the object id below which its newest NEWEST_WINDOW records begin."""
    parts, params = [], []
    for kind in kinds:
        parts.append("SELECT %s, MAX(object_id) FROM search_searchentry WHERE kind = %s")
        params += [kind, kind]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return {kind: top - NEWEST_WINDOW for kind, top in cursor.fetchall() if top is not None}


def _newest(qs, fields: tuple, n: int, many: bool = False) -> list[tuple]:
    """The first `n` rows of `qs` newest first (`_latest`), as `fields`. Narrowed to one kind, the way depends on
    how many matches the kind holds (`many`: more than COUNT_CAP; `ranked_ids` knows). Few: they are gathered
    through the full-text index and sorted (`_sorted`). Many: the kind's newest NEWEST_WINDOW records are walked
    first, newest first (`_walking`) — a common word fills the page after a few hundred rows, and the walk never
    goes beyond the window; if the window holds fewer than `n`, the rest is gathered and sorted."""
    kind = _one_kind(qs)
    if kind is None:
        return list(_latest(qs).values_list(*fields)[:n])
    if not many:
        return list(_sorted(qs).values_list(*fields)[:n])
    edge = _edges([kind]).get(kind)
    if edge is None:
        return []
    with _walking():
        found = list(qs.filter(object_id__gt=edge).order_by("-object_id").values_list(*fields)[:n])
    if len(found) < n and edge > 0:
        found += list(_sorted(qs.filter(object_id__lte=edge)).values_list(*fields)[:n - len(found)])
    return found


def ranked_ids(qs, terms: list[str], stop: int, pool: int = RANK_CANDIDATES, many: bool | None = None) -> list[int]:
    """The ids of the first `stop` rows of the matches `qs`, most relevant first: rows holding more of the query's
    words first; among them those whose title holds more of them, then the database's score (see `_scores`), then
    the newest record. Only a bounded set of candidates is scored: the rows of the best tier (most words held,
    most recently indexed first) up to max(`stop`, `pool`), then rows holding only some of the words —
    ranking every row holding a common word would cost more than finding them. Narrowed to one kind, "newest" is
    by the record's own id (`_newest`)."""
    if not terms:
        return list(qs.values_list("id", flat=True)[:stop])
    if many is None and _one_kind(qs):
        many = count_up_to(qs, COUNT_CAP) > COUNT_CAP  # once, for both tiers below
    cap = max(stop, pool)
    fields = ("id", "object_id", "kind")
    if len(enough_words(terms)) > 1:
        every = [(pk, len(terms), oid, kind) for pk, oid, kind in _newest(matching(qs, terms), fields, cap, many)]
        some = []
        if len(every) < cap:
            rest = _newest(qs.exclude(id__in=[c[0] for c in every]), fields, cap - len(every), many)
            matched = dict(SearchEntry.objects.filter(id__in=[r[0] for r in rest])
                           .annotate(tz_matched=_matched_count(terms)).values_list("id", "tz_matched"))
            some = [(pk, matched.get(pk, 1), oid, kind) for pk, oid, kind in rest]
        candidates = every + some
    else:
        candidates = [(pk, len(terms), oid, kind) for pk, oid, kind in _newest(qs, fields, cap, many)]
    if not candidates:
        return []
    ids = [c[0] for c in candidates]
    titles = dict(SearchEntry.objects.filter(id__in=ids).values_list("id", "title"))
    scores = _scores(terms, ids)
    lowered = [t.lower() for t in terms]

    def key(c):
        pk, matched, object_id, kind = c
        title = titles.get(pk, "").lower()
        return (-matched, -sum(1 for t in lowered if t in title), -(scores.get(pk) or 0.0), -object_id, kind)

    return [c[0] for c in sorted(candidates, key=key)][:stop]


def _sees_every_unit(user) -> bool:
    """Whether the user's view scope holds every root of the unit tree with all units below it."""
    from taizhang.orgs.models import Unit
    from taizhang.orgs.permissions import roles_granting
    from taizhang.orgs.scope import user_assignments

    cached = getattr(user, "_tz_sees_every_unit", None)  # kept for the request, as the assignments are
    if cached is None:
        roles = roles_granting(P.VIEW)
        covering = {a.unit_id for a in user_assignments(user) if a.role in roles and a.include_subunits}
        cached = bool(covering) and set(Unit.objects.filter(depth=1).values_list("pk", flat=True)) <= covering
        user._tz_sees_every_unit = cached
    return cached


def visible_entries(user):
    """The index rows the user may find (before any query)."""
    from taizhang.materials.selectors import materials_visible

    view = scope_q(user, P.VIEW)
    if view is None:
        q = None
    elif _sees_every_unit(user):
        # Every unit and so every campaign is in scope: the filters would select every row anyway, and left out
        # the match is read straight from the full-text index without joining each row to the unit tree.
        q = Q(confidential=False)
    else:
        campaigns = Campaign.objects.for_user(user, P.VIEW).values("pk")
        q = Q(confidential=False) & view & (Q(campaign__isnull=True) | Q(campaign__in=campaigns))
    # Read once, as ids: a subquery here would be planned (and, on PostgreSQL, hashed) again in every statement
    # of a search, and under `_through_the_index` it is joined to the unit tree row by row.
    own = Q(kind=SearchKind.MATERIAL, object_id__in=list(materials_visible(user)
            .filter(Q(confidential=True) | Q(author=user)).values_list("pk", flat=True)))
    return SearchEntry.objects.filter(own if q is None else (q | own))


def search_entries(user, query: str, *, kind: str = "", campaign=None, unit=None, status: str = ""):
    """The rows holding any word of `query` that the user may find, narrowed by the filters; `rows(…, terms)`
    reads them most relevant first."""
    return _narrowed(visible_entries(user), query, kind=kind, campaign=campaign, unit=unit, status=status)


def _narrowed(qs, query: str, *, kind: str, campaign, unit, status: str):
    qs = matching_any(qs, query_terms(query))
    if kind:
        qs = qs.filter(kind=kind)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit.subtree_q("unit"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-object_id", "kind")


def rows(qs, part: slice, terms: list[str] | None = None, pool: int = RANK_CANDIDATES,
         many: bool | None = None) -> list[SearchEntry]:
    """The rows `part` of the matches `qs`, most relevant to `terms` first (`ranked_ids` over `pool` candidates;
    without terms in the queryset's own order), read in two steps: the positions are sorted over the narrow
    columns and only the rows shown are then read whole — sorting thousands of matches with their text would cost
    more than the match."""
    if part.stop == 0:
        return []
    if terms:
        start = part.start or 0
        ids = ranked_ids(qs, terms, part.stop if part.stop is not None else start + 20, pool, many)[start:]
    else:
        ids = list(qs.values_list("id", flat=True)[part])
    by_id = {e.pk: e for e in SearchEntry.objects.filter(id__in=ids).select_related("unit", "campaign")}
    return [by_id[i] for i in ids if i in by_id]


class Matches:
    """The matches as a pager reads them: `count()`, and a slice that is a list of rows (see `rows`). The count,
    once taken, also tells the ranking whether the kind holds many matches, so it is not counted again."""

    def __init__(self, qs, cap: int | None = None, terms: list[str] | None = None):
        self.qs, self.cap, self.terms = qs, cap, terms
        self._counted: int | None = None

    def count(self) -> int:
        if self._counted is None:
            self._counted = count_up_to(self.qs, self.cap - 1) if self.cap else self.qs.order_by().count()
        return self._counted

    __len__ = count

    def _many(self) -> bool | None:
        if self._counted is None or (self.cap is not None and self.cap <= COUNT_CAP):
            return None  # not counted, or counted too short to tell
        return self._counted > COUNT_CAP

    def __getitem__(self, part):
        if isinstance(part, int):
            return rows(self.qs, slice(part, part + 1), self.terms, many=self._many())[0]
        return rows(self.qs, part, self.terms, many=self._many())


COUNT_CAP = 1_000  # matches of one kind the results page counts and pages through; above, it says "1000+"


@contextmanager
def _planned(*off: str):
    """On PostgreSQL, the statements inside are planned with the plan types `off` switched off (enable_seqscan,
    enable_indexscan, enable_bitmapscan). PostgreSQL's estimate of a word within one kind is taken from every
    kind's rows — 50,000 for a word no progress report holds, 3,500 for two words held together by 90,000
    problems — and on it it would scan the table from its start (passing the million problems that lie before the
    first measure), walk every progress report backwards for a word none holds, or gather 90,000 problems to pick
    the newest 50. The callers know which way is right: `_through_the_index` and `_walking`."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        for name in off:
            cursor.execute(f"SET LOCAL {name} = off")
        try:
            yield
        finally:  # inside a caller's transaction SET LOCAL would hold until it ends, for every other statement
            for name in off:
                cursor.execute(f"SET LOCAL {name} TO DEFAULT")


def _through_the_index():
    """Read the matches through the full-text index (a bitmap of them): right for a count that stops at 1,001 and
    for a word the kind holds rarely."""
    return _planned("enable_seqscan", "enable_indexscan")


def _walking():
    """Walk the kind's records newest first and test each: right within a bounded window where the word is
    common (it stops after the rows it needs)."""
    return _planned("enable_seqscan", "enable_bitmapscan")


def count_up_to(qs, cap: int) -> int:
    """How many rows `qs` holds, counted only up to cap + 1 (`core.querysets.count_up_to`), through the full-text
    index (as `kind_counts`)."""
    with _through_the_index():
        return querysets.count_up_to(qs, cap)


COMMON_SHARE = 0.1  # share of every row PostgreSQL expects to match, from which kinds are counted by walking first


def _common(qs) -> bool:
    """Whether PostgreSQL expects COMMON_SHARE of the index's rows or more to match (its estimate over every kind is
    close; within one kind it is not)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
        total = cursor.fetchone()[0] or 0
    return total > 0 and _planned_rows(qs) >= COMMON_SHARE * total


def _union_counts(parts: list[tuple[str, object]]) -> dict[str, int]:
    """{kind: COUNT(*)} of each (kind, queryset) in one statement."""
    sqls, params = [], []
    for kind, qs in parts:
        sql, p = qs.values("kind").query.sql_with_params()
        sqls.append(f"SELECT %s, COUNT(*) FROM ({sql}) tz_{kind}")
        params += [kind, *p]
    if not sqls:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(sqls), params)
        return dict(cursor.fetchall())


def kind_counts(qs, cap: int | None = None) -> dict[str, int]:
    """Matches per kind. With `cap`, each kind is counted on its own and only up to cap + 1 (a count above `cap`
    means more): a common word's hundreds of thousands of rows are not all read, and a kind whose matches lie after
    another's many in the table is still found and counted. A kind's matches are read through the full-text index
    (on PostgreSQL the kind's own, migration 0005; `_through_the_index`) until cap + 1. A word PostgreSQL expects
    in a tenth of all rows or more (`_common`) is first counted by walking each kind's newest NEWEST_WINDOW
    records (`_walking`): held by half of them, it reaches cap + 1 after two thousand rows, where the index would
    first gather every one of its hundreds of thousands of matches; only what the window does not settle is then
    read through the index."""
    if cap is None:
        rows = dict(qs.order_by().values_list("kind").annotate(n=Count("id")))
        return {k: rows[k] for k in KIND_ORDER if rows.get(k)}
    edges = _edges(KIND_ORDER) if _common(qs) else {}
    with _walking():
        seen = _union_counts([(kind, qs.filter(kind=kind, object_id__gt=edge).order_by("-object_id")[: cap + 1])
                              for kind, edge in edges.items()])
    rest = []
    for kind in KIND_ORDER:
        if kind not in edges:
            rest.append((kind, qs.filter(kind=kind).order_by()[: cap + 1]))
        elif edges[kind] > 0 and seen.get(kind, 0) <= cap:
            rest.append((kind, qs.filter(kind=kind, object_id__lte=edges[kind]).order_by()[: cap + 1 - seen.get(kind, 0)]))
    with _through_the_index():
        more = _union_counts(rest)
    counts = {k: seen.get(k, 0) + more.get(k, 0) for k in KIND_ORDER}
    return {k: n for k, n in counts.items() if n}


# --- what a result shows ------------------------------------------------------------------------------


def highlight(text: str, terms: list[str], width: int = SNIPPET) -> SafeString:
    """A window of `text` around the first term found, HTML-escaped, each term then wrapped in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    lowered = text.lower()
    hits = [lowered.find(t) for t in terms if t and lowered.find(t) >= 0]
    start = max(0, min(hits) - width // 3) if hits else 0
    piece = text[start:start + width]
    parts, at = [], 0
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
        for m in pattern.finditer(piece):
            parts.append(html.escape(piece[at:m.start()]) + f"<mark>{html.escape(m.group(0))}</mark>")
            at = m.end()
    escaped = "".join(parts) + html.escape(piece[at:])
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 — every character of the text was escaped above


def record_url(entry: SearchEntry) -> str:
    kind, pk = entry.kind, entry.object_id
    if kind == SearchKind.PROBLEM:
        return reverse("ledger:detail", args=[pk])
    if kind in (SearchKind.MEASURE, SearchKind.PROGRESS):
        anchor = "tz-measures" if kind == SearchKind.MEASURE else "tz-progress"  # the cards of the problem page
        return reverse("ledger:detail", args=[entry.parent_id]) + f"#{anchor}"
    if kind == SearchKind.TOPIC:
        return reverse("research:topic_detail", args=[pk])
    if kind == SearchKind.VISIT:
        return reverse("research:visit_detail", args=[pk])
    if kind == SearchKind.MATTER:
        return reverse("matters:matter_detail", args=[pk])
    if kind == SearchKind.INSTITUTION:
        return reverse("institutions:institution_detail", args=[pk])
    return reverse("materials:material_detail", args=[pk])


@dataclass
class Hit:
    """One result as the page, the fragment, the API and the command show it."""

    entry: SearchEntry
    terms: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.entry.kind

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.entry.kind])

    @property
    def id(self) -> int:
        return self.entry.object_id

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def title_html(self) -> SafeString:
        return highlight(self.entry.title, self.terms, width=200)

    @property
    def snippet(self) -> SafeString:
        """The text around the first term, without the lines the title already shows (a problem's number and
        title head its indexed text)."""
        lines = self.entry.text.split("\n")
        while len(lines) > 1 and lines[0].strip() and lines[0].strip() in self.entry.title:
            lines.pop(0)
        return highlight("\n".join(lines), self.terms)

    @property
    def campaign_name(self) -> str:
        return self.entry.campaign.name if self.entry.campaign_id else ""

    @property
    def url(self) -> str:
        return record_url(self.entry)

    @property
    def unit(self):
        return self.entry.unit

    @property
    def unit_code(self) -> str:
        return self.entry.unit.code

    @property
    def unit_name(self) -> str:
        return self.entry.unit.name

    @property
    def campaign_slug(self) -> str:
        return self.entry.campaign.slug if self.entry.campaign_id else ""

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def status_label(self) -> str:
        return status_label(self.entry.kind, self.entry.status) if self.entry.status else ""

    def as_dict(self) -> dict:
        return {"kind": self.kind, "kind_label": self.kind_label, "id": self.id, "title": self.title,
                "snippet": str(self.snippet), "url": self.url, "unit": self.unit_code, "unit_name": self.unit_name,
                "campaign": self.campaign_slug, "status": self.status, "status_label": self.status_label}


def hits(entries, terms: list[str]) -> list[Hit]:
    return [Hit(e, terms) for e in entries]


@dataclass
class Grouped:
    """The results page's answer: counts per kind and the first few rows of each kind (or a page of one kind)."""

    terms: list[str]
    counts: dict[str, int]
    groups: list[tuple[str, str, int, list[Hit]]]  # (kind, label, count, first rows)
    capped_kinds: frozenset = frozenset()  # kinds with more than COUNT_CAP matches, counted only up to there

    @property
    def capped(self) -> bool:
        return bool(self.capped_kinds)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def grouped(user, query: str, *, per_kind: int = 5, **filters) -> Grouped:
    terms = query_terms(query)
    qs = search_entries(user, query, **filters)
    counted = kind_counts(qs, cap=COUNT_CAP) if terms else {}
    counts = {kind: min(n, COUNT_CAP) for kind, n in counted.items()}
    capped = frozenset(kind for kind, n in counted.items() if n > COUNT_CAP)
    groups = [(kind, str(KIND_LABELS[kind]), n,
               hits(rows(qs.filter(kind=kind), slice(0, per_kind), terms, PREVIEW_CANDIDATES,
                         many=kind in capped), terms))
              for kind, n in counts.items()]
    return Grouped(terms=terms, counts=counts, groups=groups, capped_kinds=capped)


def operator_entries(query: str, *, kind: str = "", campaign=None, unit=None, status: str = ""):
    """The command line's search without --user: every row but confidential materials' (as `ListCommand`)."""
    return _narrowed(SearchEntry.objects.filter(confidential=False), query, kind=kind, campaign=campaign, unit=unit,
                     status=status)


def plain(snippet: str) -> str:
    """A snippet as text: the <mark> tags become 【】 and the escaped characters themselves again."""
    return html.unescape(snippet.replace("<mark>", "【").replace("</mark>", "】"))


def problem_keyword_q(query: str, campaign) -> Q:
    """The ledger list's 关键词: the problem numbered `query`, or the campaign's problems whose title, 问题表现,
    target or people hold every word of it (the index the search box reads, so both find the same problems). A
    query without a word to search (punctuation only) falls back to a substring match of title and description.
    The caller's queryset is already scoped; this only narrows it."""
    from taizhang.ledger.models import Problem

    terms = query_terms(query)
    if not terms:
        return Q(title__contains=query) | Q(number__iexact=query) | Q(description__contains=query)
    # A problem's number is looked up first, on its own: OR-ed with the words' subquery it would keep PostgreSQL
    # from joining the matches to the problems, and a city's list would test each of a million problems (2 s).
    numbered = list(Problem.objects.filter(campaign=campaign, number__in={query.strip(), query.strip().upper()})
                    .values_list("pk", flat=True))
    if numbered:
        return Q(pk__in=numbered)
    entries = matching(SearchEntry.objects.filter(kind=SearchKind.PROBLEM, campaign=campaign), terms)
    return Q(pk__in=entries.values("object_id"))

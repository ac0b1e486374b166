"""Writing the index: what each kind of record contributes, and keeping the rows current.

`SOURCES` says, per kind, which model it indexes and how one record becomes an index row (display title, the
searched text, campaign, owning unit, status). `index_record(obj)` writes or replaces the row of one record,
`forget(kind, pk)` removes it, `rebuild()` writes every row again (`taizhang search reindex`). The signals
(taizhang.search.signals) call them on every save, delete and audited service write; they run inside the
writer's transaction, so the index never holds a record that was rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from taizhang.search.models import SearchEntry, SearchKind, SearchToken
from taizhang.search.tokenize import index_tokens

TEXT_LIMIT = 20_000  # characters of a record's text that are indexed (a long material's first pages)


@dataclass(frozen=True)
class Row:
    title: str
    text: str
    campaign_id: int | None
    unit_id: int
    status: str = ""
    parent_id: int | None = None
    confidential: bool = False


def _join(*parts) -> str:
    return "\n".join(str(p).strip() for p in parts if p and str(p).strip())


def _problem(p) -> Row:
    return Row(title=f"{p.number} {p.title}",
               text=_join(p.number, p.title, p.description, p.target, p.leader_name, p.responsible_name),
               campaign_id=p.campaign_id, unit_id=p.unit_id, status=p.status)


def _measure(m) -> Row:
    p = m.problem
    return Row(title=f"{p.number} {p.title}", text=_join(m.text, m.responsible_name), campaign_id=p.campaign_id,
               unit_id=p.unit_id, status=m.status, parent_id=p.pk)


def _progress(r) -> Row:
    p = r.problem
    return Row(title=f"{p.number} {p.title}（{r.date:%Y-%m-%d}）", text=r.text, campaign_id=p.campaign_id,
               unit_id=p.unit_id, parent_id=p.pk)


def _topic(t) -> Row:
    return Row(title=t.title, text=_join(t.title, t.direction, t.rationale, t.report_abstract, t.lead_leader_name,
                                         t.member_names, t.planned_sites),
               campaign_id=t.campaign_id, unit_id=t.unit_id, status=t.status)


def _visit(v) -> Row:
    site = v.site_unit.name if v.site_unit_id else v.site_place
    return Row(title=f"{v.topic.title} · {site} {v.start_date:%Y-%m-%d}",
               text=_join(site, v.method, v.leader_name, v.participants, v.people_met, v.needs_collected,
                          v.solved_on_site),
               campaign_id=v.campaign_id, unit_id=v.unit_id, status=v.status, parent_id=v.topic_id)


def _matter(m) -> Row:
    return Row(title=m.title, text=_join(m.title, m.category, m.source_note, m.description, m.result,
                                         m.lead_leader_name),
               campaign_id=m.campaign_id, unit_id=m.unit_id, status=m.status)


def _institution(i) -> Row:
    return Row(title=i.title, text=_join(i.title, i.doc_number, i.summary), campaign_id=i.campaign_id,
               unit_id=i.unit_id, status=i.kind)


def _material(m) -> Row:
    return Row(title=m.title, text=_join(m.title, m.author_name, m.body), campaign_id=m.campaign_id,
               unit_id=m.unit_id, status=m.genre, confidential=m.confidential)


@dataclass(frozen=True)
class Source:
    kind: str
    label: str  # app_label.model_name, as the audit trail names the model
    row: Callable
    related: tuple[str, ...] = ()
    defer: tuple[str, ...] = ()

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.label)

    def queryset(self):
        qs = self.model._base_manager.all()
        return qs.select_related(*self.related) if self.related else qs


SOURCES: dict[str, Source] = {s.kind: s for s in [
    Source(SearchKind.PROBLEM, "ledger.problem", _problem),
    Source(SearchKind.MEASURE, "ledger.measure", _measure, ("problem",)),
    Source(SearchKind.PROGRESS, "ledger.progressreport", _progress, ("problem",)),
    Source(SearchKind.TOPIC, "research.researchtopic", _topic),
    Source(SearchKind.VISIT, "research.researchvisit", _visit, ("topic", "site_unit")),
    Source(SearchKind.MATTER, "matters.practicalmatter", _matter),
    Source(SearchKind.INSTITUTION, "institutions.institution", _institution),
    Source(SearchKind.MATERIAL, "materials.material", _material),
]}
BY_LABEL = {s.label: s for s in SOURCES.values()}


def uses_token_table() -> bool:
    """MariaDB/MySQL answer from SearchToken; SQLite and PostgreSQL from their own full-text index."""
    return connection.vendor == "mysql"


def _entry(source: Source, obj) -> SearchEntry:
    row = source.row(obj)
    text = row.text[:TEXT_LIMIT]
    return SearchEntry(kind=source.kind, object_id=obj.pk, parent_id=row.parent_id, campaign_id=row.campaign_id,
                       unit_id=row.unit_id, status=row.status or "", confidential=row.confidential,
                       title=row.title[:200], text=text, tokens=" ".join(index_tokens(text)))


def _write_tokens(entries: Iterable[SearchEntry]) -> None:
    rows = [SearchToken(entry_id=e.pk, token=t) for e in entries for t in sorted(set(e.tokens.split()))]
    SearchToken.objects.bulk_create(rows, batch_size=5000)


def index_record(obj) -> None:
    """Write (or replace) the index row of `obj`, a record of one of the SOURCES models."""
    source = BY_LABEL.get(obj._meta.label_lower)
    if source is None:
        return
    entry = _entry(source, obj)
    with transaction.atomic():
        fields = {f: getattr(entry, f) for f in ("parent_id", "campaign_id", "unit_id", "status", "confidential",
                                                  "title", "text", "tokens")}
        row, created = SearchEntry.objects.update_or_create(kind=source.kind, object_id=obj.pk, defaults=fields)
        if uses_token_table():
            if not created:
                SearchToken.objects.filter(entry=row).delete()
            _write_tokens([row])
        if source.kind == SearchKind.PROBLEM:
            # A problem moved to another unit or renamed takes its measures' and progress reports' rows with it.
            stale = SearchEntry.objects.filter(kind__in=(SearchKind.MEASURE, SearchKind.PROGRESS), parent_id=obj.pk)
            stale = stale.exclude(unit_id=entry.unit_id, campaign_id=entry.campaign_id, title__startswith=entry.title)
            if stale.exists():
                for kind in (SearchKind.MEASURE, SearchKind.PROGRESS):
                    for child in SOURCES[kind].queryset().filter(problem_id=obj.pk):
                        index_record(child)


def reindex(label: str, pk) -> None:
    """Bring the row of the record `label`#`pk` in line with the database (removed when the record is gone)."""
    source = BY_LABEL.get(label)
    if source is None:
        return
    obj = source.queryset().filter(pk=pk).first()
    if obj is None:
        forget(source.kind, pk)
    else:
        index_record(obj)
        if source.kind == SearchKind.TOPIC:
            for visit in SOURCES[SearchKind.VISIT].queryset().filter(topic_id=pk):
                index_record(visit)


def forget(kind: str, pk) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=pk).delete()
    if kind == SearchKind.PROBLEM:
        SearchEntry.objects.filter(kind__in=(SearchKind.MEASURE, SearchKind.PROGRESS), parent_id=pk).delete()


def _write_batch(source: Source, objs: list) -> int:
    entries = [_entry(source, o) for o in objs]
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    if uses_token_table():
        ids = dict(SearchEntry.objects.filter(kind=source.kind, object_id__in=[e.object_id for e in entries])
                   .values_list("object_id", "pk"))
        for e in entries:
            e.pk = ids[e.object_id]
        _write_tokens(entries)
    return len(entries)


def index_missing(campaign=None, batch: int = 2000) -> int:
    """Index the records that have no row yet (written by bulk paths: an Excel import, a carry-over, the demo)."""
    total = 0
    for source in SOURCES.values():
        qs = source.queryset()
        if campaign is not None:
            qs = qs.filter(**{("problem__campaign" if source.kind in (SearchKind.MEASURE, SearchKind.PROGRESS)
                               else "campaign"): campaign})
        # NOT EXISTS, an anti-join: NOT IN over a million indexed ids is, on PostgreSQL, a subquery re-read per row
        # once the ids no longer fit in work_mem
        have = SearchEntry.objects.filter(kind=source.kind, object_id=OuterRef("pk"))
        if campaign is not None:
            have = have.filter(campaign=campaign)
        pks = list(qs.filter(~Exists(have)).values_list("pk", flat=True).order_by("pk"))
        for i in range(0, len(pks), batch):
            with transaction.atomic():
                total += _write_batch(source, list(source.queryset().filter(pk__in=pks[i:i + batch])))
    return total


def rebuild(*, progress: Callable[[str, int], None] | None = None, batch: int = 2000) -> dict[str, int]:
    """Write the whole index again from the records (after the office changed the dictionary, or a restore)."""
    counts = {}
    with transaction.atomic():
        SearchToken.objects.all().delete()
        SearchEntry.objects.all().delete()
    for source in SOURCES.values():
        n, last = 0, 0
        while True:
            objs = list(source.queryset().filter(pk__gt=last).order_by("pk")[:batch])
            if not objs:
                break
            with transaction.atomic():
                n += _write_batch(source, objs)
            last = objs[-1].pk
            if progress:
                progress(source.kind, n)
        counts[source.kind] = n
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
    return counts

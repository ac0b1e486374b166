"""整改台账 import: problems with their measures, matched on re-import by number, then by unit + title.

Small imports (≤ settings.IMPORT_PER_RECORD_LIMIT records) write every record through
`ledger.services.problem_create/measure_add` — one audit event per record. Larger ones validate the same way
(the model's field validation plus the services' code-list and deadline checks) and then insert with
`bulk_create` in batches of BATCH problems, writing one audit event per batch that lists the numbers.
Updates of existing problems always go through `problem_update` (audit event with before/after).
"""

from __future__ import annotations

import contextlib
import re

from django.conf import settings
from django.db.models import Max

from taizhang.audit.services import audit_record
from taizhang.campaigns.models import Campaign
from taizhang.imports.bulk import RowInserter, field_checker
from taizhang.imports.resolve import PeopleResolver, UnitResolver
from taizhang.imports.sheets import PROBLEM_FIELDS
from taizhang.imports.sheets.ledger import iter_ledger
from taizhang.imports.writer import writer_for
from taizhang.ledger import services as ledger_services
from taizhang.ledger.models import FINISHED_STATUSES, Measure, Problem, ProblemLevel, RectificationKind
from taizhang.orgs import permissions as P
from taizhang.stats import cells

from .base import Importer, Plan, RecordStream, expected_size, register, write_each

BATCH = 2000
# Columns our own export adds that are derived, never facts to keep (the status belongs to the lifecycle).
DERIVED_HEADERS = frozenset({"亮灯", "红黄绿灯", "灯"})
_SPLIT = re.compile(r"[、,，;；/\n]+")
# Problem fields compared on re-import (what an edit of the sheet may change).
CHECKED = ("title", "category", "source", "level", "leader_name", "responsible_name", "kind")
COMPARED = ("title", "description", "category", "source", "level", "leader_id", "leader_name", "lead_unit_id",
            "responsible_id", "responsible_name", "kind", "target", "deadline", "extra")


def _codes(campaign: Campaign, list_name: str) -> dict[str, str]:
    """label or code → code."""
    out = {}
    for code, label in campaign.code_choices(list_name):
        out[code] = code
        out[str(label)] = code
    return out


def _choice_map(choices) -> dict[str, str]:
    out = {}
    for value, label in choices:
        out[value] = value
        out[str(label)] = value
    return out


@register
class ProblemImporter(Importer):
    kind = "problems"
    label = "整改台账"
    synonyms = PROBLEM_FIELDS

    def parse(self, sheet, mapping):
        """The sheet's records, parsed lazily (`RecordStream`) so that a large file is validated and written
        while its later rows are still being read; parse errors go to `self.errors` as they are met."""
        self.mapping = mapping
        self.names = _people_named(sheet, mapping)
        records = iter_ledger(sheet, mapping, today=self.today, campaign_end=self.campaign.end_date,
                              errors=self.errors, skipped=[], sections=[])
        return RecordStream(records, expected=sum(1 for r in sheet.rows if r.number >= mapping.data_start))

    def origin(self) -> dict[str, str]:
        """Where created problems come from: the import batch, when there is one."""
        return {"origin_kind": "import", "origin_ref": self.batch_ref} if self.batch_ref else {}

    def _header(self, key: str) -> str | None:
        """The sheet's header text of a field's column (the field key itself when the sheet has no such column)."""
        headers = self.__dict__.get("_headers")
        if headers is None:
            headers = self._headers = {c.field: c.header for c in reversed(self.mapping.columns) if c.field}
        return headers.get(key, key)

    def plan(self, records):
        return list(self.iter_plans(records))

    def iter_plans(self, records):
        """Validate record by record, yielding each record's Plan (invalid records only add errors)."""
        campaign = self.campaign
        self.units = UnitResolver(self.actor, P.CREATE, campaign.root_unit)
        self.people = PeopleResolver(self.names)
        categories, sources = _codes(campaign, "problem_category"), _codes(campaign, "problem_source")
        kinds, levels = _choice_map(RectificationKind.choices), _choice_map(ProblemLevel.choices)
        existing_by_number, existing_by_title = {}, {}
        for p in Problem.objects.filter(campaign=campaign).only(*[c.removesuffix("_id") for c in COMPARED],
                                                                 "number", "unit_id", "status", "version"):
            existing_by_number[p.number] = p
            existing_by_title[(p.unit_id, p.title)] = p
        seen: set = set()
        check = field_checker(Problem, CHECKED)
        for rec in records:
            v = rec.values
            row = rec.row
            bad = len(self.errors)
            unit_text = v.get("lead_unit")
            if unit_text is not None:
                unit, msg = self.units.find(unit_text)
                if msg:
                    self.error(row, self._header("lead_unit"), unit_text, msg)
            elif self.unit is not None:
                unit = self.unit
            else:
                unit = None
                self.error(row, "责任单位", None, "缺少责任单位（请在表中填写，或导入时指定单位）")
            title = str(v.get("title") or "").strip()
            description = str(v.get("description") or "").strip()
            if not title:
                title = description.split("\n", 1)[0][:200]
            extra = {h: x for h, x in rec.extra.items() if h not in DERIVED_HEADERS}
            fields = {"title": title, "description": description if description != title else "",
                      "target": str(v.get("target") or "").strip()}
            cat = rec.category
            if cat:
                code = categories.get(str(cat).strip())
                if code:
                    fields["category"] = code
                elif "category" in v:
                    self.error(row, self._header("category"), cat, f"问题类别「{cat}」不在本专项工作的代码表中")
                else:
                    extra["问题类别"] = cat
            if "source" in v:
                code = sources.get(str(v["source"]).strip())
                if code:
                    fields["source"] = code
                else:
                    self.error(row, self._header("source"), v["source"], f"问题来源「{v['source']}」不在本专项工作的代码表中")
            if "level" in v:
                code = levels.get(str(v["level"]).strip())
                if code:
                    fields["level"] = code
                else:
                    self.error(row, self._header("level"), v["level"], f"问题层面「{v['level']}」无效")
            kind = None
            if "kind" in v:
                kind = kinds.get(str(v["kind"]).strip())
                if kind is None:
                    self.error(row, self._header("kind"), v["kind"], f"整改类型「{v['kind']}」无效（立行立改/限期整改/长期坚持）")
            if rec.deadline is not None:
                fields["deadline"] = rec.deadline.date
                kind = kind or {"immediate": RectificationKind.IMMEDIATE,
                                "long_term": RectificationKind.LONG_TERM}.get(rec.deadline.kind)
            fields["kind"] = kind or RectificationKind.DEADLINE
            fields["leader"], fields["leader_name"] = self.people.find(v.get("responsible_leader"))
            fields["responsible"], fields["responsible_name"] = self.people.find(v.get("responsible_person"))
            co_units = []
            if "co_units" in v:
                unknown = []
                for name in _SPLIT.split(str(v["co_units"])):
                    if name.strip():
                        u, msg = self.units.find(name)
                        (co_units.append(u) if u else unknown.append(name.strip()))
                if unknown:
                    extra[self._header("co_units") or "配合单位"] = "、".join(unknown)
            for key in ("progress", "remarks"):
                if key in v:
                    extra[self._header(key) or key] = v[key]
            fields["extra"] = {k: (x if isinstance(x, str | int | float | bool) else str(x)) for k, x in extra.items()}
            if unit is not None:
                fields["lead_unit"] = unit
            # the model's field rules and the service's deadline check, without touching the database
            for name, msg in check(fields):
                header = {"title": self._header("title") or self._header("description")}.get(name) or \
                    self._header(name) or name
                self.error(row, header, fields.get(name), msg)
            if (fields.get("deadline") and fields["kind"] != RectificationKind.LONG_TERM
                    and fields["deadline"] < campaign.start_date):
                self.error(row, self._header("deadline"), fields["deadline"],
                           f"整改时限 {fields['deadline']:%Y-%m-%d} 早于专项工作开始日期")
            if len(self.errors) > bad:
                continue
            number = str(v.get("number") or "").strip()
            target = existing_by_number.get(number) if number else None
            if target is None:
                target = existing_by_title.get((unit.pk, title))
            # a new row is its own problem by its 序号/编号 when it has one (a ledger may hold two problems of one
            # unit with the same wording); by unit + title otherwise
            key = target.number if target else (f"#{number}" if number else f"{unit.pk}:{title}")
            if key in seen:
                self.error(row, self._header("title"), title, "与表中前面的行是同一个问题（编号或单位+问题相同）")
                continue
            seen.add(key)
            data = {"unit": unit, "fields": fields, "co_units": co_units, "measures": rec.measures}
            if target is None:
                yield Plan(row, "create", key, data)
                continue
            if target.status in FINISHED_STATUSES:
                yield Plan(row, "same", key, data, target)
                continue
            changed = {}
            for name in COMPARED:
                attr = name.removesuffix("_id")
                if attr in ("leader_name", "responsible_name") and fields.get(attr.removesuffix("_name")):
                    continue  # the sheet names an account: the name kept beside it is not the sheet's to blank
                new = fields.get(attr, Problem._meta.get_field(attr).get_default())
                new_key = getattr(new, "pk", new) if attr != name else new
                if attr == "lead_unit" and target.lead_unit_id is None and new_key == target.unit_id:
                    continue  # 责任单位 names the problem's own unit, which is what an empty lead unit means
                if getattr(target, name) != new_key:
                    changed[attr] = new
            if unit.pk != target.unit_id:
                changed["unit"] = unit
            have = set(target.measures.values_list("text", flat=True))
            data["new_measures"] = [m for m in rec.measures if m not in have]
            data["changed"] = changed
            yield Plan(row, "update" if changed or data["new_measures"] else "same", key, data, target)

    # --- writing ------------------------------------------------------------------------------------
    def plan_and_write(self, records, *, partial, dry_run):
        """Validate and write; up to IMPORT_PER_RECORD_LIMIT new problems go through the services one by one,
        more are inserted in batches of BATCH while the next rows are still being validated.

        Batches are written as soon as they are valid (on a writer thread when the import runs outside a
        transaction, see `imports.writer`); the first error (unless `partial`) stops the writing, validation goes
        on to report every error, and the transaction is rolled back, as it is for a dry run.
        """
        limit = settings.IMPORT_PER_RECORD_LIMIT
        writer = writer_for(large=expected_size(records) > limit)
        counts = {"created": 0, "updated": 0}
        creates, updates = [], []
        bulk: _BulkInsert | None = None

        def stopped() -> bool:
            return bool(self.errors) and not partial

        def run(plans, fn, key):
            def job():
                if not stopped():
                    created, updated = write_each(self, plans, fn, partial=partial)
                    counts[key] += created if key == "created" else updated
            return job

        def body():
            nonlocal bulk
            for plan in self.iter_plans(records):
                if plan.action == "create":
                    creates.append(plan)
                elif plan.action == "update":
                    updates.append(plan)
                if stopped():
                    creates.clear()  # keep validating for the report, write nothing more
                    continue
                if len(creates) > limit or (bulk is not None and len(creates) >= BATCH):
                    bulk = bulk or _BulkInsert(self)
                    while len(creates) >= BATCH:
                        writer.submit(bulk.job(creates[:BATCH], counts))
                        del creates[:BATCH]
            if not stopped():
                if bulk is not None:
                    if creates:
                        writer.submit(bulk.job(creates, counts))
                else:
                    writer.submit(run(creates, self._create_one, "created"))
                writer.submit(run(updates, self._update_one, "updated"))
            return writer.finish(lambda: not stopped() and not dry_run)

        try:
            body()
        except BaseException:
            with contextlib.suppress(BaseException):
                writer.finish(lambda: False)  # roll back (and end a writer thread) before the error goes up
            raise
        return counts["created"], counts["updated"]

    def write(self, plans, *, partial):
        creates = [p for p in plans if p.action == "create"]
        created, _ = write_each(self, creates, self._create_one, partial=partial)
        if self.errors and not partial:
            return created, 0
        _, updated = write_each(self, [p for p in plans if p.action == "update"], self._update_one, partial=partial)
        return created, updated

    def _create_one(self, plan: Plan) -> None:
        d = plan.data
        fields = dict(d["fields"])
        title = fields.pop("title")
        problem = ledger_services.problem_create(actor=self.actor, campaign=self.campaign, unit=d["unit"],
                                                 title=title, co_units=d["co_units"], **fields, **self.origin())
        for text in d["measures"]:
            ledger_services.measure_add(actor=self.actor, problem=problem, text=text)

    def _update_one(self, plan: Plan) -> None:
        d = plan.data
        problem = plan.target
        if d["changed"]:
            ledger_services.problem_update(actor=self.actor, problem=problem, expected_version=problem.version,
                                           **d["changed"])
        for text in d["new_measures"]:
            ledger_services.measure_add(actor=self.actor, problem=problem, text=text)


def _people_named(sheet, mapping) -> set[str]:
    """Every text in the 责任领导/责任人 columns (looked up as accounts once, before the rows are planned)."""
    columns = [mapping.index_of(k) for k in ("responsible_leader", "responsible_person")]
    names = set()
    for i in (c for c in columns if c is not None):
        names.update(str(r.cells[i]).strip() for r in sheet.rows
                     if r.number >= mapping.data_start and len(r.cells) > i and r.cells[i] is not None)
    names.discard("")
    return names


class _BulkInsert:
    """New problems of a large import, inserted BATCH at a time: the rows are laid out by the importer (which
    numbers them from the campaign's highest `seq` when the import started), the database work is one job per
    batch — problems, then their measures and co-units by the ids the database gave, then one audit event."""

    def __init__(self, importer: ProblemImporter):
        self.importer = importer
        self.campaign = campaign = importer.campaign
        self.start_seq = self.seq = Problem.objects.filter(campaign=campaign).aggregate(m=Max("seq"))["m"] or 0
        self.actor_id = importer.actor.pk if getattr(importer.actor, "pk", None) else None
        self.origin = importer.origin()
        self.problems, self.measures = RowInserter(Problem), RowInserter(Measure)
        self.links = RowInserter(Problem.co_units.through)
        self.offset: int | None = None  # found by the first job, under the write lock

    def job(self, plans: list[Plan], counts: dict):
        """Lay out the batch now (the caller's thread) and return the job that writes it."""
        campaign, number = self.campaign, ledger_services.format_number
        rows, measures, measure_seqs, links, link_seqs = [], [], [], [], []
        for plan in plans:
            self.seq += 1
            d = plan.data
            f = d["fields"]
            row = {k: v for k, v in f.items() if k not in ("leader", "responsible", "lead_unit")}
            row.update(campaign_id=campaign.pk, unit_id=d["unit"].pk, seq=self.seq,
                       number=number(campaign, self.seq), created_by_id=self.actor_id, **self.origin,
                       leader_id=f["leader"].pk if f.get("leader") else None,
                       responsible_id=f["responsible"].pk if f.get("responsible") else None,
                       lead_unit_id=f["lead_unit"].pk if f.get("lead_unit") else None)
            rows.append(row)
            for i, text in enumerate(d["measures"]):
                measures.append({"problem_id": None, "text": text, "sort_order": i})
                measure_seqs.append(self.seq)
            for u in d["co_units"]:
                links.append({"problem_id": None, "unit_id": u.pk})
                link_seqs.append(self.seq)
            d.clear()  # the batch's data is in `rows` now
        first, last = rows[0]["seq"], rows[-1]["seq"]
        problem_params = self.problems.values(rows)
        children = [(self.measures, self.measures.values(measures), measure_seqs),
                    (self.links, self.links.values(links), link_seqs)]
        return lambda: self._write(problem_params, children, first, last, counts)

    def _write(self, problem_params, children, first, last, counts):
        campaign = self.campaign
        if self.offset is None:
            Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
            now = Problem.objects.filter(campaign=campaign).aggregate(m=Max("seq"))["m"] or 0
            self.offset = now - self.start_seq  # someone added problems since the import started
        if self.offset:
            seq_at, number_at = self.problems.position["seq"], self.problems.position["number"]
            for p in problem_params:
                p[seq_at] += self.offset
                p[number_at] = ledger_services.format_number(campaign, p[seq_at])
            first, last = first + self.offset, last + self.offset
        self.problems.execute(problem_params)
        unit_at = self.problems.position["unit_id"]
        cells.mark_units(campaign.pk, {p[unit_at] for p in problem_params})
        ids = dict(Problem.objects.filter(campaign=campaign, seq__gte=first, seq__lte=last).values_list("seq", "pk"))
        for inserter, params, seqs in children:
            if params:
                at, offset = inserter.position["problem_id"], self.offset
                for p, seq in zip(params, seqs, strict=True):
                    p[at] = ids[seq + offset]
                inserter.execute(params)
        audit_record(actor=self.importer.actor, action="problem.import", obj=campaign, unit=campaign.root_unit,
                     changes={"count": len(problem_params), "measures": len(children[0][1]),
                              "first": ledger_services.format_number(campaign, first),
                              "last": ledger_services.format_number(campaign, last)})
        counts["created"] += len(problem_params)

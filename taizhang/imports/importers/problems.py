"""整改台账 import: problems with their measures, matched on re-import by number, then by unit + title.

Small imports (≤ settings.IMPORT_PER_RECORD_LIMIT records) write every record through
`ledger.services.problem_create/measure_add` — one audit event per record. Larger ones validate the same way
(the model's field validation plus the services' code-list and deadline checks) and then insert with
`bulk_create` in batches of BATCH problems, writing one audit event per batch that lists the numbers.
Updates of existing problems always go through `problem_update` (audit event with before/after).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.db.models import Max

from taizhang.audit.services import audit_record
from taizhang.campaigns.models import Campaign
from taizhang.core import permissions as P
from taizhang.imports.bulk import RowInserter, check_fields
from taizhang.imports.resolve import PeopleResolver, UnitResolver
from taizhang.imports.sheets import PROBLEM_FIELDS, parse_ledger
from taizhang.ledger import services as ledger_services
from taizhang.ledger.models import FINISHED_STATUSES, Measure, Problem, ProblemLevel, RectificationKind

from .base import Importer, Plan, register, write_each

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
        self.mapping = mapping
        result = parse_ledger(sheet, mapping, today=self.today, campaign_end=self.campaign.end_date)
        self.errors.extend(result.errors)
        return result.records

    def _header(self, key: str) -> str | None:
        i = self.mapping.index_of(key)
        return next((c.header for c in self.mapping.columns if c.index == i), None) if i is not None else key

    def plan(self, records):
        campaign = self.campaign
        self.units = UnitResolver(self.actor, P.CREATE, campaign.root_unit)
        self.people = PeopleResolver([v for r in records for k in ("responsible_leader", "responsible_person")
                                      if (v := r.values.get(k))])
        categories, sources = _codes(campaign, "problem_category"), _codes(campaign, "problem_source")
        kinds, levels = _choice_map(RectificationKind.choices), _choice_map(ProblemLevel.choices)
        existing_by_number, existing_by_title = {}, {}
        for p in Problem.objects.filter(campaign=campaign).only(*[c.removesuffix("_id") for c in COMPARED],
                                                                 "number", "unit_id", "status", "version"):
            existing_by_number[p.number] = p
            existing_by_title[(p.unit_id, p.title)] = p
        seen: set = set()
        plans = []
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
            for name, msg in check_fields(Problem, fields, CHECKED):
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
            key = target.number if target else f"{unit.pk}:{title}"
            if key in seen:
                self.error(row, self._header("title"), title, "与表中前面的行是同一个问题（编号或单位+问题相同）")
                continue
            seen.add(key)
            data = {"unit": unit, "fields": fields, "co_units": co_units, "measures": rec.measures}
            if target is None:
                plans.append(Plan(row, "create", key, data))
                continue
            if target.status in FINISHED_STATUSES:
                plans.append(Plan(row, "same", key, data, target))
                continue
            changed = {}
            for name in COMPARED:
                attr = name.removesuffix("_id")
                new = fields.get(attr, Problem._meta.get_field(attr).get_default())
                new_key = getattr(new, "pk", new) if attr != name else new
                if getattr(target, name) != new_key:
                    changed[attr] = new
            if unit.pk != target.unit_id:
                changed["unit"] = unit
            have = set(target.measures.values_list("text", flat=True))
            data["new_measures"] = [m for m in rec.measures if m not in have]
            data["changed"] = changed
            plans.append(Plan(row, "update" if changed or data["new_measures"] else "same", key, data, target))
        return plans

    # --- writing ------------------------------------------------------------------------------------
    def write(self, plans, *, partial):
        creates = [p for p in plans if p.action == "create"]
        small = len(creates) <= settings.IMPORT_PER_RECORD_LIMIT
        created = updated = 0
        if small:
            created, _ = write_each(self, creates, self._create_one, partial=partial)
        else:
            created = self._bulk_create(creates)
        if self.errors and not partial:
            return created, 0
        _, updated = write_each(self, [p for p in plans if p.action == "update"], self._update_one, partial=partial)
        return created, updated

    def _create_one(self, plan: Plan) -> None:
        d = plan.data
        fields = dict(d["fields"])
        title = fields.pop("title")
        problem = ledger_services.problem_create(actor=self.actor, campaign=self.campaign, unit=d["unit"],
                                                 title=title, co_units=d["co_units"], **fields)
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

    def _bulk_create(self, plans: list[Plan]) -> int:
        campaign = Campaign.objects.select_for_update().get(pk=self.campaign.pk)
        seq = Problem.objects.filter(campaign=campaign).aggregate(m=Max("seq"))["m"] or 0
        actor_id = self.actor.pk if getattr(self.actor, "pk", None) else None
        problems_in, measures_in = RowInserter(Problem), RowInserter(Measure)
        links_in = RowInserter(Problem.co_units.through)
        total = 0
        for start in range(0, len(plans), BATCH):
            chunk = plans[start:start + BATCH]
            rows = []
            first = seq + 1
            for plan in chunk:
                seq += 1
                f = plan.data["fields"]
                row = {k: v for k, v in f.items() if k not in ("leader", "responsible", "lead_unit")}
                row.update(campaign_id=campaign.pk, unit_id=plan.data["unit"].pk, seq=seq,
                           number=ledger_services.format_number(campaign, seq), created_by_id=actor_id,
                           leader_id=f["leader"].pk if f.get("leader") else None,
                           responsible_id=f["responsible"].pk if f.get("responsible") else None,
                           lead_unit_id=f["lead_unit"].pk if f.get("lead_unit") else None)
                rows.append(row)
            with transaction.atomic():
                problems_in.insert(rows)
                ids = dict(Problem.objects.filter(campaign=campaign, seq__gte=first, seq__lte=seq)
                           .values_list("seq", "pk"))
                measures, links = [], []
                for plan, row in zip(chunk, rows, strict=True):
                    pid = ids[row["seq"]]
                    for i, text in enumerate(plan.data["measures"]):
                        measures.append({"problem_id": pid, "text": text, "sort_order": i})
                    for u in plan.data["co_units"]:
                        links.append({"problem_id": pid, "unit_id": u.pk})
                measures_in.insert(measures)
                if links:
                    links_in.insert(links)
                audit_record(actor=self.actor, action="problem.import", obj=campaign, unit=campaign.root_unit,
                             changes={"count": len(rows), "measures": len(measures),
                                      "first": rows[0]["number"], "last": rows[-1]["number"]})
            total += len(rows)
            for plan in chunk:  # let the batch's data go
                plan.data.clear()
        return total

"""Editable drafts of the narrative reports (阶段性工作总结, 整改情况报告, 通报).

A `ReportDraft` keeps the builder's `Draft` as generated (``generated``) and, apart from it, what the office did
to each block (``edits``, keyed by block id): its own wording of a paragraph (``text``, ``lead``), a dropped
optional paragraph (``dropped``), and blocks it edited that a later generation no longer has (``orphan``, with
the block as it was and the id of the block it followed). The document is the generated draft with those edits
laid over it (`merged_draft`), so

- regenerating takes a new `Draft` from the builder: paragraphs the office did not touch follow the builder,
  edited ones keep their wording, and every figure field (``{key}``) prints the figures of the new generation;
- the figures of the generation before are kept (``previous_figures``) and `moved_figures` lists those that
  changed, with their catalogue labels.

In the browser a paragraph's fields are shown as chips and edited as readable tokens — 【已销号问题】 for
``{problems.closed}``, 【已销号问题·数字】 for ``{problems.closed:n}`` — converted back on save; a token or a
field that names no catalogue figure is refused, naming it.

Every generation, regeneration and edit writes an audit event (``report_draft.*``); every write takes the version
the editor loaded (optimistic locking, `save_versioned`).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.reports.builders import BUILDERS
from taizhang.reports.draft import FIELD, Draft, Heading, Para, Table, fields_of, fill
from taizhang.reports.figures import figure_text
from taizhang.reports.models import ReportDraft, ReportKind
from taizhang.reports.request import ReportRequest
from taizhang.reports.selectors import may_report
from taizhang.stats.catalogue import CATALOGUE, KEYS
from taizhang.stats.rollup import stats_for

KIND_LABELS = dict(ReportKind.choices)
TOKEN = re.compile(r"【([^【】]*)】")
PLAIN = "·数字"  # the token suffix of a field printed as the number alone ({key:n})
_BLOCK_TYPES = {"heading": Heading, "para": Para, "table": Table}
_ORDER = {key: i for i, key in enumerate(KEYS)}


# ----------------------------------------------------------------------------------------------- kinds


def narrative_kinds() -> list[str]:
    """The kinds whose builder lays the report out as a `Draft` (``draft(req)``), i.e. those editable online."""
    return [kind for kind, builder in BUILDERS.items() if hasattr(builder, "draft")]


def _builder(kind: str):
    builder = BUILDERS.get(kind)
    if builder is None or not hasattr(builder, "draft"):
        label = KIND_LABELS.get(kind, kind)
        names = "、".join(str(KIND_LABELS.get(k, k)) for k in narrative_kinds()) or "无"
        raise ValidationFailed(f"「{label}」不能在线编辑草稿，可在线编辑的报告：{names}；请直接生成 Word 文档",
                               field="kind")
    return builder


def _require(actor, unit) -> None:
    if actor is not None and not may_report(actor, unit):
        raise PermissionDenied(f"您不能编写「{unit.name}」的报告")


def _build(draft: ReportDraft, actor) -> Draft:
    req = ReportRequest(draft.kind, draft.unit, draft.campaign, as_of=draft.as_of, actor=actor,
                        metrics=list(draft.options.get("metrics") or []))
    return _builder(draft.kind).draft(req)


# ------------------------------------------------------------------------------------ tokens and fields


def label_of(key: str) -> str:
    return CATALOGUE[key].label


def to_tokens(text: str) -> str:
    """A text's figure fields as the tokens the office reads and writes: {problems.closed} → 【已销号问题】."""

    def one(m: re.Match) -> str:
        key, mode = m.group(1), m.group(2)
        if key not in CATALOGUE:
            return m.group(0)
        return f"【{label_of(key)}{PLAIN if mode == 'n' else ''}】"

    return FIELD.sub(one, text or "")


def _keys_by_label() -> dict[str, str]:
    return {m.label: key for key, m in CATALOGUE.items()}


def from_tokens(text: str, *, field: str = "text") -> str:
    """The office's text with its tokens turned back into figure fields; a token (or a typed field) that names
    no catalogue figure is refused, all of them named at once."""
    by_label = _keys_by_label()
    unknown: list[str] = []

    def one(m: re.Match) -> str:
        name = m.group(1).strip()
        plain = name.endswith(PLAIN)
        key = by_label.get(name[: -len(PLAIN)] if plain else name)
        if key is None:
            unknown.append(m.group(0))
            return m.group(0)
        return "{" + key + (":n" if plain else "") + "}"

    out = TOKEN.sub(one, text or "")
    for m in FIELD.finditer(out):
        if m.group(1) not in CATALOGUE or (m.group(2) or "n") != "n":
            unknown.append(m.group(0))
    if unknown:
        raise ValidationFailed(f"统计指标{'、'.join(f'「{u}」' for u in unknown)}不存在，"
                               f"请用「插入指标」选择指标，或删去这些【】", field=field)
    return out


def pieces(text: str, figures: dict) -> list[dict]:
    """A text cut into plain runs and figure fields, for the chips of the draft page:
    [{"text": "共查摆问题"}, {"key": …, "label": "查摆问题", "value": "12个"}, …]."""
    out, pos = [], 0
    for m in FIELD.finditer(text or ""):
        if m.start() > pos:
            out.append({"text": text[pos:m.start()]})
        key, mode = m.group(1), m.group(2) or ""
        if key in CATALOGUE and key in figures:
            out.append({"key": key, "label": label_of(key),
                        "value": figure_text(key, figures[key], plain=mode == "n")})
        else:
            out.append({"text": m.group(0)})
        pos = m.end()
    if pos < len(text or ""):
        out.append({"text": text[pos:]})
    return out


def _figures_for(draft: ReportDraft, figures: dict, keys) -> dict:
    """`figures` completed with the catalogue values of `keys` it lacks (fields the office wrote in itself)."""
    missing = sorted({k for k in keys if k in CATALOGUE and k not in figures}, key=_ORDER.get)
    if not missing:
        return figures
    return {**figures, **stats_for(draft.unit, draft.campaign, as_of=draft.as_of, keys=missing)}


def _edited_keys(edits: dict) -> set[str]:
    return {k for e in edits.values() for name in ("text", "lead") for k in fields_of(e.get(name) or "")}


# ------------------------------------------------------------------------------------- reading a draft


def _block(data: dict):
    return _BLOCK_TYPES[data["type"]](**data)


@dataclass
class BlockView:
    """One block of a draft as the page shows it."""

    block: object  # the block with the office's wording laid over it
    generated: object | None  # the block as the builder made it (None for a block the builder no longer makes)
    edited: bool = False
    dropped: bool = False
    orphan: bool = False

    @property
    def id(self) -> str:
        return self.block.id

    @property
    def type(self) -> str:
        return self.block.type

    @property
    def droppable(self) -> bool:
        return isinstance(self.block, Para) and (self.block.optional or self.orphan)


def _over(block, edit: dict | None):
    if not edit or not isinstance(block, Para):
        return block
    data = asdict(block)
    for name in ("text", "lead"):
        if edit.get(name) is not None:
            data[name] = edit[name]
    return Para(**data)


def block_views(draft: ReportDraft) -> list[BlockView]:
    """The draft's blocks in reading order with the office's edits, dropped ones included (and marked), and the
    blocks the office edited that the latest generation no longer has placed after the block they followed."""
    d = Draft.from_dict(draft.generated)
    views = []
    for b in d.blocks:
        e = draft.edits.get(b.id) or {}
        views.append(BlockView(_over(b, e), b, edited=bool(e.get("text") is not None or e.get("lead") is not None),
                               dropped=bool(e.get("dropped"))))
    for e in draft.edits.values():
        if not e.get("orphan"):
            continue
        view = BlockView(_over(_block(e["block"]), e), None, edited=True, dropped=bool(e.get("dropped")),
                         orphan=True)
        at = next((i + 1 for i, v in enumerate(views) if v.id == e.get("after")), 0 if e.get("after") is None
                  else len(views))
        views.insert(at, view)
    return views


def merged_draft(draft: ReportDraft) -> Draft:
    """The document the office downloads: the generated draft with its wording and without dropped blocks."""
    d = Draft.from_dict(draft.generated)
    d.blocks = [v.block for v in block_views(draft) if not v.dropped]
    d.figures = _figures_for(draft, d.figures, _edited_keys(draft.edits))
    return d


def moved_figures(draft: ReportDraft) -> list[dict]:
    """The figures that changed between the generation before and the latest one, in catalogue order:
    [{"key", "label", "old", "new"}] with the values printed as the document prints them."""
    old, new = draft.previous_figures or {}, (draft.generated or {}).get("figures", {})
    if not draft.regenerations:
        return []
    rows = []
    for key in sorted(set(old) & set(new), key=lambda k: _ORDER.get(k, len(_ORDER))):
        if key in CATALOGUE and old[key] != new[key]:
            rows.append({"key": key, "label": label_of(key), "old": figure_text(key, old[key]),
                         "new": figure_text(key, new[key])})
    return rows


def field_choices(draft: ReportDraft) -> list[dict]:
    """The figures a paragraph may cite (the ones the builder read), for the page's 插入指标 list."""
    figures = (draft.generated or {}).get("figures", {})
    return [{"label": label_of(k), "value": figure_text(k, figures[k]), "token": f"【{label_of(k)}】"}
            for k in sorted(figures, key=lambda k: _ORDER.get(k, len(_ORDER))) if k in CATALOGUE]


def printed(text: str, figures: dict) -> str:
    return fill(text or "", figures)


# ---------------------------------------------------------------------------------------------- writes


def draft_generate(*, actor, kind: str, unit, campaign, as_of: date | None = None,
                   metrics: list[str] | None = None) -> ReportDraft:
    """Generate the draft of a narrative report from the builder and keep it for editing."""
    from taizhang.reports.services import check_as_of

    _require(actor, unit)
    check_as_of(as_of)
    _builder(kind)
    with transaction.atomic():
        draft = ReportDraft(kind=kind, unit=unit, campaign=campaign, as_of=as_of,
                            options={"metrics": list(metrics or [])},
                            created_by=actor if getattr(actor, "pk", None) else None,
                            updated_by=actor if getattr(actor, "pk", None) else None)
        d = _build(draft, actor)
        draft.generated = d.to_dict()
        draft.generated_at = timezone.now()
        draft.save()
        audit_record(actor=actor, action="report_draft.generate", obj=draft, changes={
            "kind": kind, "unit": unit.code, "as_of": as_of.isoformat() if as_of else None,
            "blocks": len(d.blocks), "figures": d.figures})
    return draft


def _save(draft: ReportDraft, actor, expected_version: int | None, fields: list[str]) -> None:
    draft.updated_by = actor if getattr(actor, "pk", None) else None
    save_versioned(draft, expected_version=expected_version, fields=[*fields, "updated_by"])


def _para_of(draft: ReportDraft, block_id: str) -> tuple[Para, bool]:
    """The paragraph `block_id` as generated (or, for an orphan, as it was) and whether it is an orphan."""
    e = draft.edits.get(block_id) or {}
    if e.get("orphan"):
        return _block(e["block"]), True
    for b in (draft.generated or {}).get("blocks", []):
        if b["id"] == block_id:
            block = _block(b)
            if not isinstance(block, Para):
                raise ValidationFailed("只有正文段落可以修改，标题和表格随数据生成", field="block")
            return block, False
    raise ValidationFailed(f"草稿中没有段落「{block_id}」，请刷新后再编辑", field="block")


def draft_edit_block(*, actor, draft: ReportDraft, block_id: str, text: str, lead: str | None = None,
                     expected_version: int | None) -> dict:
    """Keep the office's wording of one paragraph (text in tokens or fields); its figure fields stay live.
    Wording equal to the builder's is no edit: the paragraph follows the builder again. Returns the changes."""
    _require(actor, draft.unit)
    block, orphan = _para_of(draft, block_id)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("段落内容不能为空；不需要的案例段落请点「删去」", field="text")
    new_text = from_tokens(text, field="text")
    new_lead = from_tokens(lead.strip(), field="lead") if lead is not None else None
    entry = dict(draft.edits.get(block_id) or {})
    before = {"text": entry.get("text", block.text), "lead": entry.get("lead", block.lead)}
    for name, value, generated in (("text", new_text, block.text), ("lead", new_lead, block.lead)):
        if value is None:
            continue
        if value == generated and not orphan:
            entry.pop(name, None)
        else:
            entry[name] = value
    after = {"text": entry.get("text", block.text), "lead": entry.get("lead", block.lead)}
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return {}
    with transaction.atomic():
        edits = dict(draft.edits)
        if entry:
            edits[block_id] = entry
        else:
            edits.pop(block_id, None)
        draft.edits = edits
        generated = dict(draft.generated)
        generated["figures"] = _figures_for(draft, generated.get("figures", {}), _edited_keys({block_id: entry}))
        draft.generated = generated
        _save(draft, actor, expected_version, ["edits", "generated"])
        audit_record(actor=actor, action="report_draft.edit", obj=draft, changes={"block": block_id, **changes})
    return changes


def draft_reset_block(*, actor, draft: ReportDraft, block_id: str, expected_version: int | None) -> None:
    """Give a paragraph back to the builder (its wording follows the data again); a paragraph the builder no
    longer makes is removed from the draft."""
    _require(actor, draft.unit)
    entry = draft.edits.get(block_id)
    if not entry or (entry.get("text") is None and entry.get("lead") is None and not entry.get("orphan")):
        raise ValidationFailed("该段落没有修改，无需恢复", field="block")
    with transaction.atomic():
        edits = dict(draft.edits)
        kept = {k: v for k, v in entry.items() if k == "dropped"} if not entry.get("orphan") else {}
        if kept:
            edits[block_id] = kept
        else:
            edits.pop(block_id)
        draft.edits = edits
        _save(draft, actor, expected_version, ["edits"])
        audit_record(actor=actor, action="report_draft.reset", obj=draft,
                     changes={"block": block_id, "text": [entry.get("text"), None],
                              "removed": bool(entry.get("orphan"))})


def draft_set_dropped(*, actor, draft: ReportDraft, block_id: str, dropped: bool,
                      expected_version: int | None) -> None:
    """Drop an optional paragraph (a case) from the document, or keep it again."""
    _require(actor, draft.unit)
    block, orphan = _para_of(draft, block_id)
    if not (block.optional or orphan):
        raise ValidationFailed(f"段落「{to_tokens(block.text)[:20]}……」含有报告必须说明的数字，不能删去；"
                               f"可以修改它的文字", field="block")
    entry = dict(draft.edits.get(block_id) or {})
    if bool(entry.get("dropped")) == dropped:
        raise ValidationFailed("该段落已删去" if dropped else "该段落已保留", field="block")
    if dropped:
        entry["dropped"] = True
    else:
        entry.pop("dropped", None)
    with transaction.atomic():
        edits = dict(draft.edits)
        if entry:
            edits[block_id] = entry
        else:
            edits.pop(block_id, None)
        draft.edits = edits
        _save(draft, actor, expected_version, ["edits"])
        audit_record(actor=actor, action="report_draft.drop" if dropped else "report_draft.keep", obj=draft,
                     changes={"block": block_id, "dropped": [not dropped, dropped]})


def draft_regenerate(*, actor, draft: ReportDraft, expected_version: int | None) -> list[dict]:
    """A new generation from the records: the builder's blocks replace the old ones, the office's wording of the
    paragraphs it edited is kept (with the new figures), an edited paragraph the builder no longer makes stays
    where it was and is marked, and the figures that moved are returned (and kept for the page)."""
    _require(actor, draft.unit)
    old = Draft.from_dict(draft.generated)
    new = _build(draft, actor)
    new_ids = {b.id for b in new.blocks}
    old_ids = [b.id for b in old.blocks]
    edits, orphaned = {}, []
    for bid, entry in draft.edits.items():
        if entry.get("orphan"):
            if bid in new_ids:  # the builder makes it again: the edit applies to the new block
                entry = {k: v for k, v in entry.items() if k not in ("orphan", "block", "after")}
            elif entry.get("after") is not None and entry["after"] not in new_ids:
                entry = {**entry, "after": _after(entry["after"], old_ids, new_ids)}
            edits[bid] = entry
        elif bid in new_ids:
            edits[bid] = entry
        elif entry.get("text") is not None or entry.get("lead") is not None:
            block = old.block(bid)
            if block is None:
                continue
            edits[bid] = {**entry, "orphan": True, "block": asdict(block), "after": _after(bid, old_ids, new_ids)}
            orphaned.append(bid)
        # a dropped paragraph the builder no longer makes is simply gone
    with transaction.atomic():
        draft.previous_figures = old.figures
        new.figures = _figures_for(draft, new.figures, _edited_keys(edits))
        draft.generated = new.to_dict()
        draft.edits = edits
        draft.generated_at = timezone.now()
        draft.regenerations += 1
        _save(draft, actor, expected_version,
              ["previous_figures", "generated", "edits", "generated_at", "regenerations"])
        moved = moved_figures(draft)
        audit_record(actor=actor, action="report_draft.regenerate", obj=draft, changes={
            "moved": {m["key"]: [old.figures.get(m["key"]), new.figures.get(m["key"])] for m in moved},
            "orphaned": orphaned})
    return moved


def _after(bid: str, old_ids: list[str], new_ids: set[str]) -> str | None:
    """The nearest block before `bid` in the old order that the new generation still has."""
    if bid not in old_ids:
        return None
    for prev in reversed(old_ids[: old_ids.index(bid)]):
        if prev in new_ids:
            return prev
    return None


def draft_render(draft: ReportDraft) -> tuple[bytes, str]:
    """The .docx of the office's draft (its wording, its choice of cases, the latest figures) and its file name."""
    from taizhang.reports.draft import render

    d = merged_draft(draft)
    name = f"{draft.unit.name}{KIND_LABELS.get(draft.kind, '')}（截至{d.day:%Y%m%d}）.docx"
    return render(d), name


# ------------------------------------------------------------------------------------------- the page


def page_blocks(draft: ReportDraft) -> list[dict]:
    """The draft's blocks as the draft page shows them: headings numbered as the document numbers them,
    paragraphs cut into text and figure chips with their editable tokens, tables with their 合计 row."""
    from taizhang.documents.layout import heading_prefix

    figures = merged_draft(draft).figures
    counters = [0] * 6
    rows = []
    for v in block_views(draft):
        b = v.block
        row = {"view": v, "id": v.id, "type": v.type}
        if isinstance(b, Heading):
            level = min(max(b.level, 1), 4)
            counters[level] += 1
            for deeper in range(level + 1, len(counters)):
                counters[deeper] = 0
            row["number"] = heading_prefix(level, counters[level])
            row["text"], row["level"] = b.text, level
        elif isinstance(b, Para):
            row.update(pieces=pieces(b.text, figures), lead_pieces=pieces(b.lead, figures),
                       tokens=to_tokens(b.text), lead_tokens=to_tokens(b.lead), has_lead=bool(b.lead),
                       generated_tokens=to_tokens(v.generated.text) if v.edited and v.generated else "")
        elif isinstance(b, Table):
            row.update(table=b)
        rows.append(row)
    return rows


def annex_blocks(draft: ReportDraft) -> list[dict]:
    """The annexes' titles and tables (read-only on the page; they follow the records)."""
    d = Draft.from_dict(draft.generated)
    return [{"title": a.title, "tables": [b for b in a.blocks if isinstance(b, Table)],
             "paras": [printed(b.text, d.figures) for b in a.blocks if isinstance(b, Para)]} for a in d.annexes]

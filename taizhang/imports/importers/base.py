"""The import flow shared by every kind: read → map headers → parse → plan (validate) → write.

All-or-nothing by default: rows are validated first, and the writes run in one transaction that is rolled
back when any row fails, so a failure in the middle leaves nothing half-imported. `partial=True` writes the
valid rows and reports the others. `dry_run=True` runs the whole write and rolls it back, so the counts are
exactly what a real import would do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from taizhang.core.exceptions import TaizhangError
from taizhang.imports.sheets import Limits, RowError, SheetError, detect_header, read_workbook
from taizhang.imports.sheets.errors import show_value
from taizhang.imports.writer import InlineWriter


class ImportRefused(TaizhangError):
    """The file as a whole cannot be imported (unreadable, wrong sheet, no header…)."""


@dataclass
class Plan:
    """What one record will do: create, update (with the changed fields) or nothing."""

    row: int
    action: str  # "create" | "update" | "same"
    key: str
    data: dict[str, Any] = field(default_factory=dict)
    target: Any = None


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[dict] = field(default_factory=list)
    imported: bool = False
    header: dict = field(default_factory=dict)
    sheet: str = ""

    def as_dict(self) -> dict:
        return {"rows": self.rows, "created": self.created, "updated": self.updated, "skipped": self.skipped,
                "errors": self.errors}


def error_dict(e: RowError) -> dict:
    return {"row": e.row, "column": e.column_header or "", "value": "" if e.value is None else show_value(e.value, 60),
            "message": e.message}


def limits() -> Limits:
    return Limits(max_file_bytes=settings.IMPORT_MAX_FILE_MB * 1024 * 1024, max_rows=settings.IMPORT_MAX_ROWS)


def workbook_sheets(data: bytes, filename: str):
    try:
        return read_workbook(data, filename, limits())
    except SheetError as exc:
        raise ImportRefused(exc.message)


class Importer:
    """Base of the per-kind importers. Subclasses set `kind`, `synonyms` and implement parse/plan/write."""

    kind = ""
    label = ""
    synonyms: dict[str, tuple[str, ...]] = {}
    needs_campaign = True
    unit_action = "create"

    def __init__(self, *, actor, campaign=None, unit=None, today: dt.date | None = None, batch_ref: str = ""):
        """`batch_ref`: the ImportBatch the records come from (kept on created problems, so that a whole import
        can be taken back)."""
        self.actor, self.campaign, self.unit = actor, campaign, unit
        self.today = today
        self.batch_ref = batch_ref
        self.errors: list[RowError] = []

    def error(self, row: int, column: str | None, value, message: str) -> None:
        self.errors.append(RowError(row, column, value, message))

    # subclasses -------------------------------------------------------------------------------------
    def parse(self, sheet, mapping) -> list:
        raise NotImplementedError

    def plan(self, records: list) -> list[Plan]:
        raise NotImplementedError

    def write(self, plans: list[Plan], *, partial: bool) -> tuple[int, int]:
        raise NotImplementedError

    def plan_and_write(self, records: list, *, partial: bool, dry_run: bool) -> tuple[int, int]:
        """Validate every record, then write (in one transaction, rolled back for errors or a dry run).

        With errors and not `partial`, nothing is written; the counts then do not matter.
        """
        plans = self.plan(records)
        if self.errors and not partial:
            return 0, 0
        writer = InlineWriter()
        try:
            created, updated = self.write(plans, partial=partial)
        except BaseException:
            writer.finish(lambda: False)
            raise
        writer.finish(lambda: not ((self.errors and not partial) or dry_run))
        return created, updated


class RecordStream:
    """Records parsed while the ones before them are being validated and written (large ledgers).

    `expected` is known up front (the sheet's data rows, an upper bound); `len()` counts the records handed out so
    far, which is all of them once the stream has been read to the end.
    """

    def __init__(self, records: Iterator, expected: int):
        self._records, self.expected, self._count = records, expected, 0

    def __iter__(self) -> Iterator:
        for record in self._records:
            self._count += 1
            yield record

    def __len__(self) -> int:
        return self._count


def expected_size(records) -> int:
    return records.expected if isinstance(records, RecordStream) else len(records)


_REGISTRY: dict[str, type[Importer]] = {}


def register(cls):
    _REGISTRY[cls.kind] = cls
    return cls


def importer_for(kind: str) -> type[Importer]:
    from taizhang.imports.importers import problems, records  # noqa: F401 - registers the kinds

    if kind not in _REGISTRY:
        raise ImportRefused(f"不支持的导入类型「{kind}」，可选：{'、'.join(_REGISTRY)}")
    return _REGISTRY[kind]


def pick_sheet(sheets, name: str | None, synonyms):
    if name:
        for s in sheets:
            if s.name == name:
                return s
        raise ImportRefused(f"文件中没有名为「{name}」的工作表（有：{'、'.join(s.name for s in sheets)}）")
    scored = _sheet_scores(sheets, synonyms)
    if not scored:
        raise ImportRefused("文件中没有任何数据")
    return max(scored, key=lambda pair: pair[1])[0]  # the first of the best


def _sheet_scores(sheets, synonyms) -> list[tuple]:
    """(sheet, number of recognised columns — 0 when no header was found with confidence) of every non-empty sheet."""
    scored = []
    for s in sheets:
        if s.rows:
            mapping = detect_header(s, synonyms)
            scored.append((s, sum(1 for c in mapping.columns if c.field) if mapping.confident else 0))
    return scored


def matching_sheets(sheets, synonyms) -> list[str]:
    """Names of the sheets that look like this kind's table, for the user to choose from when there are several."""
    return [s.name for s, n in _sheet_scores(sheets, synonyms) if n > 0]


@contextlib.contextmanager
def no_cycle_collection():
    """Hold off Python's cyclic garbage collector while a file is imported or exported.

    An import builds hundreds of thousands of small objects that stay alive until it ends, an export millions of
    short-lived cells; every full collection would walk all live objects again (a third of the planning time of a
    100,000-row ledger). Nothing either builds forms reference cycles, so plain reference counting frees it all;
    collection resumes after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_import(**kwargs) -> ImportResult:
    """Import one file of `kind`; returns counts and row errors (Excel row numbers). Never raises for rows."""
    with no_cycle_collection():
        return _run_import(**kwargs)


def _run_import(*, actor, kind: str, data: bytes, filename: str, campaign=None, unit=None, sheet: str | None = None,
                mapping_changes: dict[int, str | None] | None = None, dry_run: bool = False, partial: bool = False,
                today: dt.date | None = None, on_sheet=None, batch_ref: str = "") -> ImportResult:
    cls = importer_for(kind)
    if cls.needs_campaign and campaign is None:
        raise ImportRefused("请指定专项工作")
    sheets = workbook_sheets(data, filename)
    chosen = pick_sheet(sheets, sheet, cls.synonyms)
    if on_sheet is not None:
        on_sheet(chosen)
    mapping = detect_header(chosen, cls.synonyms)
    if mapping_changes:
        mapping = mapping.with_fields({int(k): (v or None) for k, v in mapping_changes.items()})
    if not any(c.field for c in mapping.columns):
        # Not one column is known: importing would find no records and report 0 rows, which reads as success.
        expected = "、".join([f"「{w[0]}」" for w in cls.synonyms.values() if w and w[0] != "序号"][:3])
        raise ImportRefused(f"工作表「{chosen.name}」中没有找到可识别的表头：表格上方应有一行列名，例如{expected}。"
                            "请检查是否选错了工作表或文件")
    importer = cls(actor=actor, campaign=campaign, unit=unit, today=today, batch_ref=batch_ref)
    result = ImportResult(header={**mapping.as_dict(), "sheets": matching_sheets(sheets, cls.synonyms)},
                          sheet=chosen.name)
    records = importer.parse(chosen, mapping)
    # the raw cells are no longer needed once parsed: free them (a RecordStream keeps its sheet until read out)
    del sheets, chosen
    created, updated = importer.plan_and_write(records, partial=partial, dry_run=dry_run)
    result.rows = len(records)
    del records
    if importer.errors and not partial:
        created = updated = 0
    result.created, result.updated = created, updated
    result.skipped = result.rows - created - updated
    result.errors = [error_dict(e) for e in sorted(importer.errors, key=lambda e: e.row)]
    result.imported = not dry_run and (created + updated > 0 or not importer.errors)
    return result


def write_each(importer: Importer, plans: list[Plan], fn, *, partial: bool) -> tuple[int, int]:
    """Write plans one by one through `fn(plan)`; a service error becomes a row error (in a savepoint)."""
    created = updated = 0
    for plan in plans:
        if plan.action == "same":
            continue
        try:
            with transaction.atomic():
                fn(plan)
        except TaizhangError as exc:
            importer.error(plan.row, None, None, exc.message)
            if not partial:
                return created, updated
            continue
        if plan.action == "create":
            created += 1
        else:
            updated += 1
    return created, updated

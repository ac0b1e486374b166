"""Excel output of the ledger: the same rows the ledger list shows for the same filters and the same user scope,
in the shared sheet layout (layout.py).

The layout is also an import layout: `ProblemImporter` reads an exported file back (round trip).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from taizhang.core.producer import produce
from taizhang.imports.importers.base import no_cycle_collection
from taizhang.ledger import lights, selectors
from taizhang.ledger.models import Measure, Problem, ProblemLevel, ProblemStatus, RectificationKind
from taizhang.orgs.models import User

from .layout import FIRST_ROW, Col, SheetLayout, note_text, row_height, scope_label, text_lines, unit_labels

CHUNK = 2000
# rows of a large export prepared in the writing process while the preparing one starts (about its start-up time)
HEAD = 2 * CHUNK
# (header, width) in sheet order; the headers are ones the importer recognises.
COLUMNS = [
    ("编号", 11), ("责任单位", 16), ("问题类别", 10), ("问题来源", 10), ("问题层面", 10), ("问题", 28),
    ("问题表现", 36), ("整改措施", 40), ("整改目标", 24), ("责任领导", 10), ("责任人", 10), ("整改类型", 10),
    ("整改时限", 12), ("状态", 8), ("亮灯", 6),
]
WRAPPED = tuple((i, COLUMNS[i][1]) for i in (5, 6, 7, 8))  # 问题, 问题表现, 整改措施, 整改目标: long texts
DATE_COL = 12
LIGHT_COL = 14
LIGHT_TEXT = {lights.RED: "红", lights.YELLOW: "黄", lights.GREEN: "绿", lights.NONE: ""}
LIGHT_FILL = {lights.RED: "#F4B6B6", lights.YELLOW: "#FFE699", lights.GREEN: "#C6E0B4"}


def join_measures(texts: list[str]) -> str:
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts, 1))


@no_cycle_collection()
def export_problems(*, user, campaign, path: str | Path, f: selectors.ProblemFilter | None = None,
                    on: dt.date | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the user's filtered ledger of `campaign` to `path`; returns the number of problems written."""
    f = f or selectors.ProblemFilter()
    qs = selectors.problem_list(user, campaign, f, on=on)
    total = qs.order_by().count()
    fields = ("pk", "number", "unit_id", "category", "source", "level", "title", "description", "target", "leader_id",
              "leader_name", "responsible_id", "responsible_name", "kind", "deadline", "status", "light_value", "extra")
    query = qs.values(*fields).query
    if total >= settings.EXPORT_PROCESS_ROWS > 0:
        # a large ledger is read and prepared by a second process while this one writes the sheet (core.producer);
        # this one prepares the first rows itself while that process starts
        rest = produce("taizhang.imports.export.problems:prepared_rows", (query, campaign, HEAD), separate=True)
        batches = itertools.chain(prepared_rows(query, campaign, 0, HEAD), rest)
    else:
        batches = prepared_rows(query, campaign)
    extra_keys: list[str] = []
    for extra in qs.order_by().exclude(extra={}).values_list("extra", flat=True)[:5000]:
        for k in extra or {}:
            if k not in extra_keys and k not in dict(COLUMNS):
                extra_keys.append(k)
    extra_col = {k: len(COLUMNS) + j for j, k in enumerate(extra_keys)}

    now = timezone.localtime()
    layout = SheetLayout(
        path, sheet="整改台账", title=f"{campaign.name}检视问题整改台账",
        note=note_text(scope=scope_label(user, f.unit), campaign=campaign, count=total, noun="个问题", now=now),
        columns=[Col(h, w) for h, w in COLUMNS] + [Col(k, 16) for k in extra_keys], rows=total, user=user,
        freeze_cols=2, now=now)
    ws, cell, date_fmt = layout.ws, layout.cell, layout.date
    light_fmt = {k: layout.add_format({"bg_color": c, "align": "center"}) for k, c in LIGHT_FILL.items()}
    write_string, write_blank, write_datetime, set_row = ws.write_string, ws.write_blank, ws.write_datetime, ws.set_row
    row_no = FIRST_ROW
    for batch in batches:
        for values, lines, deadline, status, light, extras in batch:
            if lines > 1:
                set_row(row_no, row_height(lines))
            # write_string/write_datetime directly: every value's type is known, skip write()'s dispatch
            for col, value in enumerate(values):
                if value:
                    write_string(row_no, col, value, cell)
                else:
                    write_blank(row_no, col, None, cell)
            if deadline:
                write_datetime(row_no, DATE_COL, deadline, date_fmt)
            else:
                write_blank(row_no, DATE_COL, None, cell)
            write_string(row_no, DATE_COL + 1, status, cell)
            write_string(row_no, LIGHT_COL, LIGHT_TEXT.get(light, ""), light_fmt.get(light, cell))
            for key, v in extras:
                col = extra_col.get(key)  # keys first met after the sampled rows have no column
                if col is not None:
                    ws.write(row_no, col, v, cell)
            row_no += 1
        if progress is not None:
            progress(row_no - FIRST_ROW, total)
    written = row_no - FIRST_ROW
    layout.close()
    return written


def prepared_rows(query, campaign, start: int = 0, stop: int | None = None) -> Iterator[list[tuple]]:
    """The ledger rows `start` to `stop` of `query` (a `values()` query of the fields export_problems names),
    CHUNK at a time, as they are written: (the texts of the first columns, lines of the tallest wrapped text, deadline as a datetime,
    status label, light, [(extra key, value)])."""
    qs = Problem.objects.all()
    qs.query = query  # rows come back as dicts, as from values()
    units = unit_labels(qs.order_by().values("unit_id").distinct())
    # People by name, as the ledger shows them (the importer finds the account again by a name only one bears).
    named = [*User.objects.filter(pk__in=qs.order_by().filter(leader__isnull=False).values("leader_id"))
             .values_list("pk", "display_name", "username"),
             *User.objects.filter(pk__in=qs.order_by().filter(responsible__isnull=False).values("responsible_id"))
             .values_list("pk", "display_name", "username")]
    people = {pk: name or username for pk, name, username in named}

    def labels(choices) -> dict[str, str]:
        return {k: str(v) for k, v in choices}

    categories = labels(campaign.code_choices("problem_category"))
    sources = labels(campaign.code_choices("problem_source"))
    kinds, levels = labels(RectificationKind.choices), labels(ProblemLevel.choices)
    statuses = labels(ProblemStatus.choices)
    chunk: list[dict] = []

    def prepare() -> list[tuple]:
        measures: dict[int, list[str]] = {}
        for pid, text in (Measure.objects.filter(problem_id__in=[r["pk"] for r in chunk])
                          .order_by("problem_id", "sort_order", "id").values_list("problem_id", "text")):
            measures.setdefault(pid, []).append(text)
        out = []
        for r in chunk:
            leader_id, resp_id, cat, src, level, kind = (r["leader_id"], r["responsible_id"], r["category"],
                                                         r["source"], r["level"], r["kind"])
            values = (r["number"], units.get(r["unit_id"], ""), categories.get(cat, cat), sources.get(src, src),
                      levels.get(level, level), r["title"], r["description"], join_measures(measures.get(r["pk"], [])),
                      r["target"], people.get(leader_id, "") if leader_id else r["leader_name"],
                      people.get(resp_id, "") if resp_id else r["responsible_name"], kinds.get(kind, kind))
            # as tall as its longest wrapped text: LibreOffice prints a row the file leaves unset one line high
            lines = max((text_lines(values[i], width) for i, width in WRAPPED if values[i]), default=1)
            d = r["deadline"]
            extra = r["extra"]
            extras = [(k, v if isinstance(v, int | float) else str(v)) for k, v in extra.items() if v is not None] \
                if extra else ()
            out.append((values, lines, dt.datetime(d.year, d.month, d.day) if d else None,
                        statuses.get(r["status"], r["status"]), r["light_value"], extras))
        chunk.clear()
        return out

    for r in qs[start:stop].iterator(chunk_size=CHUNK):
        chunk.append(r)
        if len(chunk) >= CHUNK:
            yield prepare()
    if chunk:
        yield prepare()

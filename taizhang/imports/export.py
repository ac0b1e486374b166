"""Excel output of the ledger (xlsxwriter, constant memory): the same rows the ledger list shows for the same
filters and the same user scope, laid out to print on A4 landscape.

The layout is also an import layout: `ProblemImporter` reads an exported file back (round trip).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from django.utils import timezone

from taizhang.ledger import lights, selectors
from taizhang.ledger.models import Measure, ProblemLevel, ProblemStatus, RectificationKind
from taizhang.orgs.models import Unit, User

CHUNK = 2000
# (header, width) in sheet order; the headers are ones the importer recognises.
COLUMNS = [
    ("编号", 11), ("责任单位", 16), ("问题类别", 10), ("问题来源", 10), ("问题层面", 10), ("问题", 28),
    ("问题表现", 36), ("整改措施", 40), ("整改目标", 24), ("责任领导", 10), ("责任人", 10), ("整改类型", 10),
    ("整改时限", 12), ("状态", 8), ("亮灯", 6),
]
DATE_COL = 12
LIGHT_COL = 14
LIGHT_TEXT = {lights.RED: "红", lights.YELLOW: "黄", lights.GREEN: "绿", lights.NONE: ""}
LIGHT_FILL = {lights.RED: "#F4B6B6", lights.YELLOW: "#FFE699", lights.GREEN: "#C6E0B4"}


def join_measures(texts: list[str]) -> str:
    return "\n".join(f"{i}. {t}" for i, t in enumerate(texts, 1))


def export_problems(*, user, campaign, path: str | Path, f: selectors.ProblemFilter | None = None,
                    on: dt.date | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the user's filtered ledger of `campaign` to `path`; returns the number of problems written."""
    f = f or selectors.ProblemFilter()
    qs = selectors.problem_list(user, campaign, f, on=on)
    total = qs.order_by().count()
    unit_of = dict(Unit.objects.filter(pk__in=qs.order_by().values("unit_id").distinct())
                   .values_list("pk", "name"))
    people = dict(User.objects.filter(pk__in=qs.order_by().filter(leader__isnull=False).values("leader_id"))
                  .values_list("pk", "username"))
    people.update(User.objects.filter(pk__in=qs.order_by().filter(responsible__isnull=False)
                                      .values("responsible_id")).values_list("pk", "username"))
    extra_keys: list[str] = []
    for extra in qs.order_by().exclude(extra={}).values_list("extra", flat=True)[:5000]:
        for k in extra or {}:
            if k not in extra_keys and k not in dict(COLUMNS):
                extra_keys.append(k)
    def labels(choices) -> dict[str, str]:
        return {k: str(v) for k, v in choices}

    categories = labels(campaign.code_choices("problem_category"))
    sources = labels(campaign.code_choices("problem_source"))
    kinds, levels = labels(RectificationKind.choices), labels(ProblemLevel.choices)
    statuses = labels(ProblemStatus.choices)

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet("整改台账")
    ncols = len(COLUMNS) + len(extra_keys)
    title_fmt = wb.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"})
    note_fmt = wb.add_format({"font_size": 10})
    head_fmt = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True,
                              "bg_color": "#D9E1F2"})
    cell = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top", "border": 1})
    light_fmt = {k: wb.add_format({"bg_color": c, "align": "center", "valign": "top", "border": 1})
                 for k, c in LIGHT_FILL.items()}
    now = timezone.localtime()
    scope = f.unit.name if f.unit is not None else "、".join(sorted({a.unit.name for a in _assignments(user)}))[:60]
    ws.merge_range(0, 0, 0, ncols - 1, f"{campaign.name}检视问题整改台账", title_fmt)
    ws.set_row(0, 28)
    ws.merge_range(1, 0, 1, ncols - 1, f"单位：{scope}    专项工作：{campaign.name}    导出日期：{now:%Y-%m-%d}"
                                       f"    共 {total} 个问题", note_fmt)
    for i, (_header, width) in enumerate(COLUMNS):
        ws.set_column(i, i, width)
    for j, _key in enumerate(extra_keys):
        ws.set_column(len(COLUMNS) + j, len(COLUMNS) + j, 16)
    ws.write_row(2, 0, [h for h, _ in COLUMNS] + extra_keys, head_fmt)
    ws.freeze_panes(3, 2)
    ws.autofilter(2, 0, 2 + max(total, 1), ncols - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(2)
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    who = getattr(user, "display_name", "") or getattr(user, "username", "")
    ws.set_footer(f"&L导出人：{who}  导出时间：{now:%Y-%m-%d %H:%M}&R第 &P 页，共 &N 页")

    fields = ("pk", "number", "unit_id", "category", "source", "level", "title", "description", "target", "leader_id",
              "leader_name", "responsible_id", "responsible_name", "kind", "deadline", "status", "light_value", "extra")
    row_no = 3
    written = 0
    rows = qs.values_list(*fields).iterator(chunk_size=CHUNK)
    write_string, write_blank, write_datetime = ws.write_string, ws.write_blank, ws.write_datetime
    chunk: list[tuple] = []

    def flush():
        nonlocal row_no, written
        measures: dict[int, list[str]] = {}
        for pid, text in (Measure.objects.filter(problem_id__in=[r[0] for r in chunk])
                          .order_by("problem_id", "sort_order", "id").values_list("problem_id", "text")):
            measures.setdefault(pid, []).append(text)
        for (pk, number, unit_id, cat, src, level, title, desc, target, leader_id, leader_name, resp_id, resp_name,
             kind, deadline, status, light, extra) in chunk:
            values = (number, unit_of.get(unit_id, ""), categories.get(cat, cat), sources.get(src, src),
                      levels.get(level, level), title, desc, join_measures(measures.get(pk, [])), target,
                      people.get(leader_id, "") if leader_id else leader_name,
                      people.get(resp_id, "") if resp_id else resp_name, kinds.get(kind, kind))
            # write_string/write_datetime directly: every value's type is known, skip write()'s dispatch
            for col, value in enumerate(values):
                if value:
                    write_string(row_no, col, value, cell)
                else:
                    write_blank(row_no, col, None, cell)
            if deadline:
                write_datetime(row_no, DATE_COL, dt.datetime(deadline.year, deadline.month, deadline.day), date_fmt)
            else:
                write_blank(row_no, DATE_COL, None, cell)
            write_string(row_no, DATE_COL + 1, statuses.get(status, status), cell)
            write_string(row_no, LIGHT_COL, LIGHT_TEXT.get(light, ""), light_fmt.get(light, cell))
            if extra:
                for j, key in enumerate(extra_keys):
                    v = extra.get(key)
                    if v is not None:
                        ws.write(row_no, len(COLUMNS) + j, v if isinstance(v, int | float) else str(v), cell)
            row_no += 1
        written += len(chunk)
        chunk.clear()
        if progress is not None:
            progress(written, total)

    for r in rows:
        chunk.append(r)
        if len(chunk) >= CHUNK:
            flush()
    if chunk:
        flush()
    wb.close()
    return written


def _assignments(user):
    from taizhang.core.scope import user_assignments

    return user_assignments(user)

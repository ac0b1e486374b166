"""通报: how the units below a unit stand on chosen catalogue metrics, as an editable `Draft`.

Structure (stable block ids): ``opening``; 一、总体情况 (``overall``: the subtree's figures, every rate with the
counts it is made of); 二、各单位进展情况 (``units.intro``, table ``units.table`` — one row per direct child in the
order of the first metric, 名次 first and a 合计 row equal to the overall figures; the units of measure stand in
the headers, so no cell repeats "%" or "个"); ``units.good`` the units commended; 三、存在的问题
(``lagging.<key>`` per metric); 四、工作要求 (``requirements.*``, the lagging units asked by name to catch up).

Who is named — the same test for praise and for blame, so that a unit with two problems is neither praised for
100% nor shamed for 0%:

- a unit is **compared** on a rate only when the rate's denominator (the problems on its list for 整改率, its
  measures for 措施完成率 …) is at least ``TAIZHANG_CIRCULAR_MIN_PROBLEMS`` (default 5); on a count only when it
  has that many problems on its list for a problem count, or always for other counts;
- **lagging** on a metric: compared, worse than the whole subtree (a rate below the subtree's rate; a
  count of what should be few — overdue problems — at least twice the children's mean, or one of what should be
  many below half of it), and among the `LOWEST` worst of the compared units;
- **commended**: on the first rate among the metrics, compared, better than the subtree, among the `BEST` best,
  and not lagging on any metric.

主送: the units below (`common.addressee_down`); sender: the unit's leading group office (`common.office`). The
supervision work reuses this through `taizhang.reports.services.render_circular`.
"""

from __future__ import annotations

from django.conf import settings

from taizhang.core.exceptions import ValidationFailed
from taizhang.reports.builders.common import addressee_down, figures, file_name, office, short_name
from taizhang.reports.builders.stage_summary import used_figures
from taizhang.reports.draft import Draft, render
from taizhang.reports.figures import fmt
from taizhang.reports.prose import nonzero, ordinal, percent, sentence, series, tidy_draft
from taizhang.reports.request import Rendered
from taizhang.stats.catalogue import CATALOGUE, PERCENT
from taizhang.stats.rollup import by_children, children_of, derive, stats_for

LABEL = "通报"
KEYS: list[str] = []  # the chosen metrics
DEFAULT_METRICS = ["problems.close_rate", "problems.overdue", "measures.done_rate", "research.visits"]
# Metrics where a smaller value is the better one.
LOWER_IS_BETTER = frozenset({"problems.overdue", "problems.red", "problems.yellow", "problems.due_soon",
                             "problems.open", "problems.pending", "problems.in_progress", "problems.review",
                             "problems.returned", "problems.reopened", "problems.closed_no_evidence",
                             "opinions.ratings_unsatisfied"})
NONE_DONE = {"problems.close_rate": "均未销号", "measures.done_rate": "均未完成", "problems.on_time_rate": "均未按期销号"}
LOWEST = 3  # the worst few a 通报 may name as lagging on one metric
BEST = 3  # the best few it may commend


def min_problems() -> int:
    return int(getattr(settings, "TAIZHANG_CIRCULAR_MIN_PROBLEMS", 5))


def _base_of(key: str) -> str | None:
    """The count a unit must have enough of before it is compared on ``key``."""
    m = CATALOGUE[key]
    if m.ratio:
        return m.ratio[1]
    if m.group == "problems":
        return "problems.listed"
    return None


def _columns(metrics: list[str]) -> list[str]:
    """The table's columns: each metric, a rate preceded by the counts it is made of (once each)."""
    cols: list[str] = []
    for key in metrics:
        parts = list(CATALOGUE[key].ratio or ())[::-1]
        for k in [*parts, key]:
            if k not in cols:
                cols.append(k)
    return cols


def _header(key: str) -> str:
    m = CATALOGUE[key]
    return f"{m.label}（{m.unit}）"


def ranked(req, key: str) -> list[dict]:
    """[{unit, name, value, rank}] best first (kept for callers that rank on one metric)."""
    from taizhang.stats.rollup import ranked_rows, ranking

    descending = key not in LOWER_IS_BETTER
    if req.as_of is None:
        return ranking(req.unit, req.campaign, key, descending=descending)
    rows = [{"unit": c, "code": c.code, "name": c.name,
             "value": stats_for(c, req.campaign, as_of=req.as_of, keys=[key])[key]} for c in children_of(req.unit)]
    return ranked_rows(rows, descending)


def child_rows(req, keys: list[str]) -> list[dict]:
    """{unit, code, name, values} for every direct child: one GROUP BY today, the snapshots for a past day."""
    children = children_of(req.unit)
    if req.as_of is None:
        grouped = by_children(req.unit, req.campaign, keys)
        blank = derive({}, keys)
        return [{"unit": c, "code": c.code, "name": short_name(c), "values": grouped.get(c.path, blank)}
                for c in children]
    return [{"unit": c, "code": c.code, "name": short_name(c),
             "values": stats_for(c, req.campaign, as_of=req.as_of, keys=keys)} for c in children]


def own_values(req, keys: list[str], rows: list[dict]) -> dict:
    """The figures of the records the unit owns itself (本级): the catalogue's own group today, the unit's
    figures less its children's (additive keys, rates derived) for a past day."""
    if req.as_of is None:
        return by_children(req.unit, req.campaign, keys).get(req.unit.path) or derive({}, keys)
    additive = [k for k in keys if CATALOGUE[k].additive]
    whole = stats_for(req.unit, req.campaign, as_of=req.as_of, keys=additive)
    return derive({k: whole[k] - sum(r["values"].get(k) or 0 for r in rows) for k in additive}, keys)


def compared(row: dict, key: str) -> bool:
    base = _base_of(key)
    if row["values"].get(key) is None:
        return False
    return base is None or (row["values"].get(base) or 0) >= min_problems()


def _worse(key: str, value, whole) -> bool:
    return value > whole if key in LOWER_IS_BETTER else value < whole


def _order(key: str, rows: list[dict]) -> list[dict]:
    """Rows best first on ``key`` (None last, then by unit path)."""
    sign = 1 if key in LOWER_IS_BETTER else -1
    return sorted(rows, key=lambda r: (r["values"].get(key) is None, sign * (r["values"].get(key) or 0),
                                       r["unit"].path))


def lagging(key: str, rows: list[dict], whole) -> list[dict]:
    """The units named as lagging on ``key`` (see the module docstring), worst first. ``whole`` is the
    subtree's rate for a rate, and is replaced by the children's mean for a count."""
    candidates = [r for r in rows if compared(r, key)]
    if not candidates:
        return []
    if not CATALOGUE[key].ratio:
        # A count is "clearly" behind at twice the children's mean (of what should be few) or half of it.
        mean = sum(r["values"][key] for r in rows) / len(rows)
        whole = mean * 2 if key in LOWER_IS_BETTER else mean / 2
    if whole is None:
        return []
    worst = list(reversed(_order(key, candidates)))[:LOWEST]
    return [r for r in worst if _worse(key, r["values"][key], whole)]


def commended(key: str, rows: list[dict], whole, blamed: set) -> list[dict]:
    if whole is None:
        return []
    candidates = [r for r in rows if compared(r, key) and r["code"] not in blamed]
    best = _order(key, candidates)[:BEST]
    return [r for r in best if _worse(key, whole, r["values"][key])]


class _Circular:
    def __init__(self, req):
        metrics = list(req.metrics or DEFAULT_METRICS)
        for key in metrics:
            if key not in CATALOGUE:
                raise ValidationFailed(f"统计指标「{key}」不存在", field="metrics")
        self.req = req
        self.metrics = metrics
        self.columns = _columns(metrics)
        bases = [b for b in (_base_of(k) for k in metrics) if b]
        self.keys = list(dict.fromkeys([*self.columns, *bases]))
        self.f = figures(req, self.keys).values
        self.rows = child_rows(req, self.keys)
        self.own = own_values(req, self.keys, self.rows)
        self.used: dict = {}
        self.d = Draft("circular", f"关于{req.campaign.name}工作推进情况的通报", office(req), req.day,
                       addressee=addressee_down(req, [r["unit"] for r in self.rows]), figures=dict(self.f))
        self.behind: dict[str, list[dict]] = {}

    def child_text(self, row: dict, key: str) -> str:
        from taizhang.reports.figures import figure_text

        self.used[f"{key}@{row['code']}"] = row["values"].get(key)
        return figure_text(key, row["values"].get(key))

    def counts_and_rate(self, row: dict, key: str) -> str:
        """"12个问题，已销号9个，整改率75.0%" — a unit's rate with the counts it is made of."""
        m = CATALOGUE[key]
        if not m.ratio:
            return f"{CATALOGUE[key].label}{self.child_text(row, key)}"
        num, den = m.ratio
        if not row["values"].get(num):  # "5个问题均未销号" says more than a rate of 0.0%
            self.child_text(row, key)
            return f"{CATALOGUE[den].label}{self.child_text(row, den)}，{NONE_DONE.get(key, '尚无' + CATALOGUE[num].label)}"
        return (f"{CATALOGUE[den].label}{self.child_text(row, den)}，{CATALOGUE[num].label}"
                f"{self.child_text(row, num)}，{m.label}{self.child_text(row, key)}")

    # ------------------------------------------------------------------------------------------ sections

    def opening(self) -> None:
        labels = series([CATALOGUE[k].label for k in self.metrics], last="、")
        self.d.para("opening", sentence(
            "为及时掌握工作进度、压实工作责任",
            f"现将截至{self.req.day_text}{self.req.unit.name}所属各单位{labels}等情况通报如下"))

    def overall(self) -> None:
        self.d.heading("overall", "总体情况")
        parts = []
        for key in self.metrics:
            m = CATALOGUE[key]
            if m.ratio:
                num, den = m.ratio
                if not nonzero(self.f.get(den)):
                    continue
                parts.append(f"{CATALOGUE[den].label}{{{den}}}，{CATALOGUE[num].label}{{{num}}}，{m.label}{{{key}}}")
            elif nonzero(self.f.get(key)):
                parts.append(f"{m.label}{{{key}}}")
            elif key in LOWER_IS_BETTER:
                parts.append(f"无{m.label}")  # "无逾期问题" is news worth stating
        self.d.para("overall.figures", sentence(f"从{self.req.unit.name}及所属单位总体看", *parts, sep="；"))

    def units(self) -> None:
        if not self.rows:
            return
        self.d.heading("units", "各单位进展情况")
        first = self.metrics[0]
        order = "由低到高" if first in LOWER_IS_BETTER else "由高到低"
        self.d.para("units.intro", sentence(f"各单位情况见下表（按{CATALOGUE[first].label}{order}排列）"))
        ordered = _order(first, self.rows)
        rank, previous, table = 0, object(), []
        for i, r in enumerate(ordered, start=1):
            value = r["values"].get(first)
            if value != previous:
                rank, previous = i, value
            for k in self.columns:
                self.used[f"{k}@{r['code']}"] = r["values"].get(k)
            table.append([rank if value is not None else "—", r["name"],
                          *[_cell(k, r["values"].get(k)) for k in self.columns]])
        if any(nonzero(self.own.get(k)) for k in self.columns if CATALOGUE[k].additive):
            # The unit's own records: a row of their own, not ranked, so that the rows add up to 合计.
            table.append(["", "本级", *[_cell(k, self.own.get(k)) for k in self.columns]])
        total = ["", "合计", *[_cell(k, self.f.get(k)) for k in self.columns]]
        self.d.table("units.table", ["名次", "单位", *[_header(k) for k in self.columns]], table, total=total,
                     col_widths=[1.2, 4, *[2] * len(self.columns)], font_size="小四")
        self._commend()

    def _commend(self) -> None:
        rate = next((k for k in self.metrics if CATALOGUE[k].ratio), None)
        blamed = {r["code"] for k in self.metrics for r in self._lagging(k)}
        if rate is None:
            return
        good = commended(rate, self.rows, self.f.get(rate), blamed)
        if not good:
            return
        named = "；".join(f"{r['name']}（{self.counts_and_rate(r, rate)}）" for r in good)
        self.d.para("units.good", sentence(
            f"{named}", f"{CATALOGUE[rate].label}高于总体水平、位居前列，工作推进有力有效，予以通报表扬"), )

    def _lagging(self, key: str) -> list[dict]:
        if key not in self.behind:
            self.behind[key] = lagging(key, self.rows, self.f.get(key))
        return self.behind[key]

    def problems(self) -> None:
        found = []
        for key in self.metrics:
            rows = self._lagging(key)
            if not rows:
                continue
            m = CATALOGUE[key]
            named = "；".join(f"{r['name']}（{self.counts_and_rate(r, key)}）" for r in rows)
            if m.ratio:
                found.append((key, sentence(named, f"{m.label}低于总体水平（{{{key}}}），排名靠后")))
            elif key in LOWER_IS_BETTER:
                found.append((key, sentence(named, f"{m.label}明显多于其他单位")))
            else:
                found.append((key, sentence(named, f"{m.label}明显少于其他单位")))
        if not found:
            return
        self.d.heading("lagging", "存在的问题")
        for key, text in found:
            self.d.para(f"lagging.{key}", text)

    def requirements(self) -> None:
        self.d.heading("requirements", "工作要求")
        names = []
        for key in self.metrics:
            names.extend(r["name"] for r in self._lagging(key) if r["name"] not in names)
        points = []
        if names:
            points.append(("lagging", "对标先进补短板", sentence(
                f"{series(names)}要认真剖析进度滞后的原因，逐项明确措施和时限", "于下次通报前取得明显进展")))
        if any(nonzero(self.f.get(k)) for k in self.metrics if k == "problems.overdue"):
            points.append(("overdue", "紧盯逾期问题", sentence(
                "各单位要对逾期问题逐项明确整改时限和责任人", "实行挂账督办、对账销号，确保按期清零")))
        points.append(("all", "压实工作责任", sentence(
            "各单位要对照通报情况查找差距", "主要负责同志亲自过问、分管负责同志具体抓",
            "确保各项工作按时间节点高质量推进")))
        for i, (id, lead, text) in enumerate(points, start=1):
            self.d.para(f"requirements.{id}", text, lead=f"{ordinal(i)}{lead}。")


def _compose(req) -> tuple[Draft, dict]:
    c = _Circular(req)
    c.opening()
    c.overall()
    c.units()
    c.problems()
    c.requirements()
    return tidy_draft(c.d), c.used


def _cell(key: str, value) -> str:
    """A table cell under a header that carries the unit: rates with one decimal as the text prints them."""
    if value is not None and CATALOGUE[key].unit == PERCENT:
        return percent(value)
    return fmt(key, value).rstrip("%")


def draft(req) -> Draft:
    """The 通报 as an editable draft (see the module docstring)."""
    return _compose(req)[0]


def build(req) -> Rendered:
    d, used = _compose(req)
    return Rendered(render(d), {**used_figures(d), **used}, file_name(req, LABEL))

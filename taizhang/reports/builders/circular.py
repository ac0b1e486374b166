"""通报: the direct children of a unit ranked on chosen catalogue metrics, with the lagging units named.

Lagging means worse than the average of the children that have a value (below it, or above it for metrics
where less is better such as overdue problems); a child whose rate cannot be computed is named too.
The supervision work reuses this through `taizhang.reports.services.render_circular`."""

from __future__ import annotations

from taizhang.core.exceptions import ValidationFailed
from taizhang.documents.layout import OfficialDocument
from taizhang.reports.builders.common import as_of_line, figures, file_name, sign
from taizhang.reports.figures import fmt, with_unit
from taizhang.reports.request import Rendered
from taizhang.stats.catalogue import CATALOGUE
from taizhang.stats.rollup import children_of, ranked_rows, ranking, stats_for

LABEL = "通报"
KEYS: list[str] = []  # the chosen metrics
DEFAULT_METRICS = ["problems.close_rate", "problems.overdue", "measures.done_rate", "research.visits"]
# Metrics where a smaller value is the better one.
LOWER_IS_BETTER = frozenset({"problems.overdue", "problems.red", "problems.yellow", "problems.due_soon",
                             "problems.open", "problems.pending", "problems.in_progress", "problems.review",
                             "problems.returned", "problems.reopened"})


def ranked(req, key: str) -> list[dict]:
    """[{unit, name, value, rank}] best first: the catalogue's ranking today, the snapshots for a past day."""
    descending = key not in LOWER_IS_BETTER
    if req.as_of is None:
        return ranking(req.unit, req.campaign, key, descending=descending)
    rows = [{"unit": c, "code": c.code, "name": c.name,
             "value": stats_for(c, req.campaign, as_of=req.as_of, keys=[key])[key]} for c in children_of(req.unit)]
    return ranked_rows(rows, descending)


def lagging(key: str, rows: list[dict]) -> list[dict]:
    values = [r["value"] for r in rows if r["value"] is not None]
    if not values:
        return []
    average = sum(values) / len(values)
    worse = (lambda v: v > average) if key in LOWER_IS_BETTER else (lambda v: v < average)
    return [r for r in rows if r["value"] is None or worse(r["value"])]


def build(req) -> Rendered:
    metrics = list(req.metrics or DEFAULT_METRICS)
    for key in metrics:
        if key not in CATALOGUE:
            raise ValidationFailed(f"统计指标「{key}」不存在", field="metrics")
    f = figures(req, metrics)
    doc = OfficialDocument(f"关于{req.campaign.name}工作推进情况的通报")
    as_of_line(doc, req)
    labels = "、".join(CATALOGUE[k].label for k in metrics)
    doc.paragraph(f"为及时掌握工作进度、压实工作责任，现将截至{req.day_text}各单位{labels}等情况通报如下。")
    doc.numbered_heading(1, "总体情况")
    doc.paragraph(f"从{req.unit.name}及所属单位总体看，" + "，".join(f"{CATALOGUE[k].label}{with_unit(k, f[k])}" for k in metrics) + "。")
    doc.numbered_heading(1, "各单位排名情况")
    used = dict(f.used)
    for key in metrics:
        m = CATALOGUE[key]
        rows = ranked(req, key)
        for r in rows:
            used[f"{key}@{r['code']}"] = r["value"]
        order = "由低到高" if key in LOWER_IS_BETTER else "由高到低"
        doc.numbered_heading(2, f"{m.label}")
        doc.paragraph(f"按{m.label}{order}排列如下。")
        unit_suffix = "（%）" if m.unit == "%" else f"（{m.unit}）"
        doc.table(["名次", "单位", m.label + unit_suffix], [(r["rank"], r["name"], fmt(key, r["value"])) for r in rows]
                  or [("—", "—", "—")], col_widths=[1, 5, 2.5])
        behind = lagging(key, rows)
        if behind:
            doc.paragraph(f"{m.label}相对落后的单位：" + "、".join(r["name"] for r in behind)
                          + "。请上述单位认真分析原因，采取有力措施迎头赶上。")
    doc.numbered_heading(1, "工作要求")
    doc.paragraph("各单位要对照通报情况查找差距，排名靠后的单位要认真剖析原因、明确整改措施，"
                  "确保各项工作按时间节点高质量推进。")
    sign(doc, req)
    return Rendered(doc.to_bytes(), used, file_name(req, LABEL))

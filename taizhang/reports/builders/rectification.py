"""整改进展情况报告: overall figures, the breakdown by category and by direct child unit, the overdue list,
and the ledger itself as a table in a landscape annex."""

from __future__ import annotations

from taizhang.documents.layout import OfficialDocument, cn_date
from taizhang.reports import records
from taizhang.reports.builders.common import as_of_line, figures, file_name, sign
from taizhang.reports.figures import fmt
from taizhang.reports.request import Rendered
from taizhang.stats.catalogue import CATALOGUE
from taizhang.stats.rollup import breakdown, by_children, children_of, stats_for

LABEL = "整改进展情况报告"
KEYS = ["problems.found", "problems.listed", "problems.closed", "problems.close_rate", "problems.on_time_rate",
        "problems.open", "problems.review", "problems.overdue", "problems.due_soon", "problems.immediate",
        "problems.long_term", "measures.total", "measures.done", "measures.done_rate", "institutions.total"]
CHILD_KEYS = ["problems.listed", "problems.closed", "problems.close_rate", "problems.overdue", "measures.total",
              "measures.done"]
ANNEX_LIMIT = 3000  # rows of the ledger printed in the annex; a bigger ledger belongs in the Excel export


def child_figures(req, keys=CHILD_KEYS) -> list[tuple[object, dict]]:
    """(child unit, its catalogue figures) for every direct child: one GROUP BY today, snapshots for a past day."""
    children = children_of(req.unit)
    if req.as_of is None:
        grouped = by_children(req.unit, req.campaign, keys)
        # A child without any record is absent from the GROUP BY: its counts are 0 and its rates unknown.
        blank = {k: None if CATALOGUE[k].ratio else 0 for k in keys}
        return [(child, grouped.get(child.path, blank)) for child in children]
    return [(child, stats_for(child, req.campaign, as_of=req.as_of, keys=keys)) for child in children]


def build(req) -> Rendered:
    f = figures(req, KEYS)
    doc = OfficialDocument(f"{req.unit.name}关于{req.campaign.name}整改进展情况的报告")
    as_of_line(doc, req)
    doc.paragraph(f"按照{req.campaign.name}整改工作要求，现将截至{req.day_text}的问题整改进展情况报告如下。")

    doc.numbered_heading(1, "总体情况")
    doc.paragraph(f"共查摆问题{f.unit_text('problems.found')}，列入整改清单{f.unit_text('problems.listed')}，"
                  f"已销号{f.unit_text('problems.closed')}，整改率{f.text('problems.close_rate')}，"
                  f"按期整改率{f.text('problems.on_time_rate')}；未销号{f.unit_text('problems.open')}，"
                  f"其中待审核{f.unit_text('problems.review')}、逾期{f.unit_text('problems.overdue')}、"
                  f"临期{f.unit_text('problems.due_soon')}。立行立改问题{f.unit_text('problems.immediate')}，"
                  f"长期坚持问题{f.unit_text('problems.long_term')}。细化整改措施{f.unit_text('measures.total')}，"
                  f"已完成{f.unit_text('measures.done')}，措施完成率{f.text('measures.done_rate')}；"
                  f"建立完善制度{f.unit_text('institutions.total')}。")

    doc.numbered_heading(1, "分类整改情况")
    if req.as_of is None:
        labels = dict(req.campaign.code_choices("problem_category"))
        rows = [(labels.get(code, code) or "未分类", n) for code, n in breakdown(req.unit, req.campaign, "category")]
        doc.paragraph("按问题类别统计，各类问题数量如下表。")
        doc.table(["问题类别", "问题数（个）"], rows or [("—", 0)], col_widths=[3, 2])
    else:
        doc.paragraph("历史日期的统计快照不含分类数据，按类别的分布请以当日生成的报告为准。")

    children = child_figures(req)
    if children:
        doc.numbered_heading(1, "各单位整改情况")
        doc.paragraph("各下级单位整改进展如下表。")
        doc.table(["单位", "清单问题", "已销号", "整改率", "逾期", "措施", "已完成措施"],
                  [(c.name, *[fmt(k, v[k]) for k in CHILD_KEYS]) for c, v in children],
                  col_widths=[4, 2, 2, 2, 1.5, 1.5, 2], font_size="小四")

    doc.numbered_heading(1, "逾期问题")
    overdue = records.overdue_problems(req)
    if overdue:
        doc.paragraph(f"截至{req.day_text}，逾期未销号问题{f.unit_text('problems.overdue')}，"
                      + ("列举如下（按整改时限排列）。" if len(overdue) >= f["problems.overdue"]
                         else "下表列出其中整改时限最早的部分问题。"))
        doc.table(["编号", "问题", "责任单位", "整改时限", "逾期天数"],
                  [(p.number, p.title, p.unit.name, cn_date(p.deadline), (req.day - p.deadline).days)
                   for p in overdue], col_widths=[2, 5, 3, 2.5, 1.5], font_size="小四")
    else:
        doc.paragraph("目前没有逾期未销号的问题。")

    doc.numbered_heading(1, "下一步工作")
    doc.paragraph("对未销号问题实行挂账督办、对账销号，逾期问题逐项明确整改时限和责任人，"
                  "确保问题整改不折不扣落实到位；对已销号问题适时开展“回头看”，防止问题反弹。")
    doc.annex_note(["问题整改台账"])
    sign(doc, req)

    rows = records.ledger(req, ANNEX_LIMIT)
    categories = dict(req.campaign.code_choices("problem_category"))
    with doc.landscape_section("问题整改台账", label="附件"):
        if f["problems.found"] > len(rows):
            doc.paragraph(f"本台账共有问题{f.unit_text('problems.found')}，此处列出编号在前的{ANNEX_LIMIT}个，"
                          "完整台账请从系统导出。", indent=False)
        doc.table(["序号", "编号", "问题", "类别", "责任单位", "责任领导", "整改时限", "状态"],
                  [(i, p.number, p.title, categories.get(p.category, p.category) or "—",
                    p.unit.name, p.leader_display or "—", cn_date(p.deadline) if p.deadline else "长期坚持",
                    records.STATUS_LABELS.get(p.status, p.status)) for i, p in enumerate(rows, start=1)]
                  or [("—",) * 8],
                  col_widths=[1.2, 2, 6, 2, 3, 2, 3, 1.8], font_size="小四")
    return Rendered(doc.to_bytes(), dict(f.used), file_name(req, LABEL))

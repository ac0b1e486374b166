"""阶段性工作总结: one section per workstream with its catalogue figures, the top items named from the
ledger, and plain connecting sentences the office is expected to rewrite in its own voice."""

from __future__ import annotations

from taizhang.documents.layout import Bold, OfficialDocument
from taizhang.reports import records
from taizhang.reports.builders.common import as_of_line, figures, file_name, sign
from taizhang.reports.request import Rendered

LABEL = "阶段性工作总结"

KEYS = [
    "study.sessions", "study.sessions.first_topic", "study.sessions.group_study", "study.sessions.reading_class",
    "study.reading_class.days", "study.reading_class.attendance", "study.seminar.speakers",
    "study.sessions.party_lecture", "study.attendance",
    "research.topics", "research.visits", "research.solved_on_site", "research.problems_found",
    "research.reports", "research.transformations", "research.transformed",
    "matters.total", "matters.done", "matters.beneficiaries", "matters.money",
    "problems.found", "problems.listed", "problems.closed", "problems.close_rate", "problems.on_time_rate",
    "problems.immediate", "problems.long_term", "measures.total", "measures.done", "problems.overdue",
    "problems.open",
    "institutions.total", "institutions.new", "institutions.revised", "institutions.abolished",
]


def _listed(doc, lead: str, items, line) -> None:
    """A lead sentence and the items numbered under it; nothing when there are none."""
    if items:
        doc.paragraph(lead)
        for i, item in enumerate(items, start=1):
            doc.paragraph(f"{i}. {line(item)}")


def build(req) -> Rendered:
    f = figures(req, KEYS)
    doc = OfficialDocument(f"{req.unit.name}关于{req.campaign.name}阶段性工作情况的报告")
    as_of_line(doc, req)
    doc.paragraph(f"按照{req.campaign.name}的部署要求，{req.unit.name}坚持把学习教育、调查研究、推动发展、"
                  f"检视整改、建章立制有机融合、一体推进，各项工作有序开展。现将截至{req.day_text}的工作情况报告如下。")

    doc.numbered_heading(1, "理论学习")
    doc.paragraph([Bold("一是抓好集中学习。"),
                   f"累计开展各类学习{f.unit_text('study.sessions')}，其中“第一议题”学习{f.unit_text('study.sessions.first_topic')}、"
                   f"党委（党组）理论学习中心组学习{f.unit_text('study.sessions.group_study')}，参学{f.unit_text('study.attendance')}。"])
    doc.paragraph([Bold("二是办好读书班。"),
                   f"举办读书班{f.unit_text('study.sessions.reading_class')}，累计{f.unit_text('study.reading_class.days')}，"
                   f"参学{f.unit_text('study.reading_class.attendance')}；开展专题研讨，交流发言"
                   f"{f.unit_text('study.seminar.speakers')}；讲授专题党课{f.unit_text('study.sessions.party_lecture')}。"])

    doc.numbered_heading(1, "调查研究")
    doc.paragraph(f"围绕发展所需、群众所盼，确定调研课题{f.unit_text('research.topics')}，开展调研"
                  f"{f.unit_text('research.visits')}，现场解决问题{f.unit_text('research.solved_on_site')}，"
                  f"调研中发现问题{f.unit_text('research.problems_found')}，均已纳入问题清单。已形成调研报告"
                  f"{f.unit_text('research.reports')}，梳理成果转化事项{f.unit_text('research.transformations')}，"
                  f"已完成{f.unit_text('research.transformed')}。")
    _listed(doc, "部分成果转化事项：", records.transformations(req),
            lambda t: f"{t.title}（{t.unit.name}，{t.get_kind_display()}，{t.get_status_display()}）")

    doc.numbered_heading(1, "为民办实事、推动发展")
    doc.paragraph(f"坚持把为民办实事作为检验成效的重要标尺，梳理民生实事{f.unit_text('matters.total')}，"
                  f"已办结{f.unit_text('matters.done')}，惠及群众{f.unit_text('matters.beneficiaries')}，"
                  f"投入资金{f.unit_text('matters.money')}。")
    _listed(doc, "惠及面较广的实事有：", records.matters(req),
            lambda m: f"{m.title}（{m.unit.name}，{m.get_status_display()}）")

    doc.numbered_heading(1, "检视整改")
    doc.paragraph(f"坚持边学习、边对照、边检视、边整改，共查摆问题{f.unit_text('problems.found')}，"
                  f"列入问题清单{f.unit_text('problems.listed')}，已销号{f.unit_text('problems.closed')}，"
                  f"整改率{f.text('problems.close_rate')}，按期整改率{f.text('problems.on_time_rate')}。"
                  f"其中立行立改问题{f.unit_text('problems.immediate')}、长期坚持问题{f.unit_text('problems.long_term')}。"
                  f"细化整改措施{f.unit_text('measures.total')}，已完成{f.unit_text('measures.done')}。")
    if f["problems.overdue"]:
        doc.paragraph(f"目前仍有逾期问题{f.unit_text('problems.overdue')}，已逐一督促责任单位加快整改。")

    doc.numbered_heading(1, "建章立制")
    doc.paragraph(f"注重从解决一个问题向解决一类问题延伸，共制定和完善制度{f.unit_text('institutions.total')}，"
                  f"其中新建制度{f.unit_text('institutions.new')}、完善制度{f.unit_text('institutions.revised')}、"
                  f"废止制度{f.unit_text('institutions.abolished')}。")
    _listed(doc, "主要制度成果：", records.institutions(req),
            lambda inst: inst.title + (f"（{inst.doc_number}）" if inst.doc_number else ""))

    doc.numbered_heading(1, "下一步工作打算")
    doc.paragraph([Bold("一是持续深化理论学习，"), "推动学习成果转化为推动工作的实际成效。"])
    doc.paragraph([Bold("二是紧盯问题整改，"),
                   f"对尚未销号的{f.unit_text('problems.open')}问题挂账督办，确保按期清零。"])
    doc.paragraph([Bold("三是巩固制度成果，"), "抓好已出台制度的执行和评估，形成长效机制。"])
    sign(doc, req)
    return Rendered(doc.to_bytes(), dict(f.used), file_name(req, LABEL))

"""汇编 volumes: 调研成果汇编 (one chapter per research topic) and 交流材料汇编 (a Compilation's materials in
order). Both have a cover, a 目录 whose page numbers are taken from a LibreOffice rendering, continuous page
numbers, and every item starting on a new page."""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path
from types import SimpleNamespace

from taizhang.documents.layout import Bold, OfficialDocument, cn_date, update_toc_page_numbers
from taizhang.documents.pdf import DocumentConversionError
from taizhang.reports import records
from taizhang.reports.builders.common import figures, file_name, short_name
from taizhang.reports.request import Rendered

log = logging.getLogger(__name__)

_H1 = re.compile(r"^[一二三四五六七八九十]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十]+）")


def finish_with_toc(doc: OfficialDocument, notes: list[str]) -> bytes:
    """The .docx bytes with the 目录's page numbers made exact (estimates are kept when LibreOffice is
    missing or fails; Word/WPS still update the field on opening)."""
    with tempfile.TemporaryDirectory(prefix="taizhang-report-") as tmp:
        path = Path(tmp) / "volume.docx"
        doc.save(path)
        try:
            update_toc_page_numbers(path)
        except DocumentConversionError as exc:
            log.warning("目录页码未能校准：%s", exc)
            notes.append("目录页码为估算值（未能调用 LibreOffice 排版），在 Word/WPS 中打开后更新域即可。")
        return path.read_bytes()


def _body(doc: OfficialDocument, text: str) -> None:
    """A material's text: one paragraph per line, lines opening with 一、/（一） set as headings."""
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if _H1.match(line) and len(line) <= 40:
            doc.heading(line, 1)
        elif _H2.match(line) and len(line) <= 40:
            doc.heading(line, 2)
        else:
            doc.paragraph(line)


def report_text(req, topic) -> str:
    """The research report itself, as the unit submitted it: a 调研报告 material of the topic's unit titled after
    the topic (not confidential), else the text of the report file uploaded with the topic (.docx, .txt, .pdf),
    else the abstract recorded with it."""
    from taizhang.materials.models import Genre, Material

    material = (records._scoped(Material, req).filter(unit=topic.unit, genre=Genre.RESEARCH_REPORT, confidential=False)
                .filter(title__contains=topic.title[:20]).exclude(body="").order_by("-created_at", "-id").first())
    if material is not None:
        return material.body
    if topic.report_file:
        from taizhang.materials.extract import extract_text

        try:
            with topic.report_file.open("rb") as fh:
                text = extract_text(fh.read(), topic.report_file.name.rsplit(".", 1)[-1].lower())
        except OSError:
            text = None
        if text and text.strip():
            return text
    return (topic.report_abstract or "").strip()


class research:  # noqa: N801 - a module-like namespace: research.build / research.KEYS
    LABEL = "调研成果汇编"
    KEYS = ["research.topics", "research.visits", "research.solved_on_site", "research.problems_found",
            "research.reports", "research.transformations", "research.transformed"]

    @staticmethod
    def build(req) -> Rendered:
        f = figures(req, research.KEYS)
        notes: list[str] = []
        methods = dict(req.campaign.code_choices("research_method"))
        doc = OfficialDocument()
        doc.cover(f"{req.campaign.name}调研成果汇编", unit=req.unit.name, date=req.day)
        doc.toc(levels=1)
        doc.chapter("编印说明")
        doc.paragraph(f"为交流调查研究成果、推动成果转化运用，现将{req.unit.name}及所属单位的调研课题成果汇编成册。"
                      f"截至{req.day_text}，共确定调研课题{f.unit_text('research.topics')}，开展调研"
                      f"{f.unit_text('research.visits')}，现场解决问题{f.unit_text('research.solved_on_site')}，"
                      f"发现问题{f.unit_text('research.problems_found')}；形成调研报告{f.unit_text('research.reports')}，"
                      f"梳理成果转化事项{f.unit_text('research.transformations')}，已完成{f.unit_text('research.transformed')}。")
        for topic in records.topics(req):
            doc.chapter(topic.title, topic.unit.name, toc_text=f"{topic.title}（{short_name(topic.unit)}）")
            doc.paragraph([Bold("领题人："), topic.leader_display or "—"])
            if topic.direction:
                doc.paragraph([Bold("调研方向："), topic.direction])
            doc.numbered_heading(1, "调研开展情况")
            visits = list(topic.visits.all())
            if not visits:
                doc.paragraph("尚未开展调研走访。")
            for i, v in enumerate(visits, start=1):
                site = v.site_unit.name if v.site_unit_id else v.site_place
                met = f"，走访{v.people_met}" if v.people_met else ""
                solved = f"，现场解决问题：{v.solved_on_site}" if v.solved_on_site else ""
                doc.paragraph(f"{i}. {cn_date(v.start_date)}，赴{site}，采取{methods.get(v.method, v.method)}方式{met}{solved}。")
            report = report_text(req, topic)
            if report:
                doc.numbered_heading(1, "调研报告")
                _body(doc, report)
            else:
                doc.numbered_heading(1, "调研报告")
                doc.paragraph("调研报告尚未提交。")
            doc.numbered_heading(1, "成果转化")
            items = list(topic.transformations.all())
            if not items:
                doc.paragraph("暂无成果转化事项。")
            for i, t in enumerate(items, start=1):
                due = f"，时限{cn_date(t.deadline)}" if t.deadline else ""
                who = f"，责任人（单位）{t.responsible}" if t.responsible else ""
                doc.paragraph(f"{i}. {t.title}（{t.get_kind_display()}{who}{due}，{t.get_status_display()}）")
        content = finish_with_toc(doc, notes)
        return Rendered(content, dict(f.used), file_name(req, research.LABEL), notes)


class materials:  # noqa: N801
    LABEL = "交流材料汇编"
    KEYS: list[str] = []  # a volume of texts: it prints no figures

    @staticmethod
    def build(req) -> Rendered:
        from taizhang.core.exceptions import ValidationFailed

        comp = req.compilation
        if comp is None:
            raise ValidationFailed("交流材料汇编须指定材料汇编（--compilation ID）", field="compilation")
        notes: list[str] = []
        items = records.compilation_materials(req)
        doc = OfficialDocument()
        doc.cover(comp.title, unit=comp.unit.name, date=req.day)
        doc.toc(levels=1)
        if not items:
            doc.paragraph("本汇编尚未收录材料。")
        for m in items:
            author = f"　{m.author_name}" if m.author_name else ""
            doc.chapter(m.title, f"{m.unit.name}{author}", toc_text=f"{m.title}（{short_name(m.unit)}）")
            _body(doc, m.body)
        content = finish_with_toc(doc, notes)
        name = SimpleNamespace(unit=comp.unit, day=req.day)
        return Rendered(content, {}, file_name(name, f"{comp.title}"), notes)

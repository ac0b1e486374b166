"""Printable Word documents of the supervision app (GB/T 9704 layout through OfficialDocument)."""

from __future__ import annotations

from django.utils import timezone

from taizhang.documents.layout import OfficialDocument, cn_date


def slip_docx(slip) -> bytes:
    """The 督办单 as issued, with the reply once there is one."""
    doc = OfficialDocument(title=f"{slip.issuer_unit.name}{slip.get_kind_display()}", subtitle=slip.number)
    doc.paragraph(f"{slip.target_unit.name}：", indent=False)
    doc.paragraph(f"事由：{slip.title}")
    for line in slip.content.splitlines():
        if line.strip():
            doc.paragraph(line.strip())
    problems = list(slip.problems.order_by("number"))
    if problems:
        doc.table(["编号", "问题", "整改时限", "状态"],
                  [[p.number, p.title, p.deadline.isoformat() if p.deadline else "—", p.get_status_display()]
                   for p in problems], col_widths=[2, 5, 2, 1.5], font_size="小四")
    if slip.reply_deadline:
        doc.paragraph(f"请于{cn_date(slip.reply_deadline)}前反馈办理情况。")
    doc.signature(slip.issuer_unit.name, timezone.localtime(slip.issued_at).date())
    if slip.reply:
        doc.page_break()
        doc.heading("一、反馈情况", 1)
        when = cn_date(timezone.localtime(slip.replied_at).date()) if slip.replied_at else ""
        doc.paragraph(f"{slip.target_unit.name}于{when}反馈：")
        for line in slip.reply.splitlines():
            if line.strip():
                doc.paragraph(line.strip())
    return doc.to_bytes()


def circular_docx(*, unit, campaign, title: str, as_of, metrics: list[dict], rows: list[dict]) -> bytes:
    """The 通报 of a ranking: a short lead paragraph and the table of the children's figures."""
    doc = OfficialDocument(title=title)
    names = "、".join(m["label"] for m in metrics)
    doc.paragraph(f"截至{cn_date(as_of)}，现将{campaign.name}中各单位{names}情况通报如下。")
    headers = ["排名", "单位", *[m["label"] for m in metrics]]
    doc.table(headers, [[r["rank"], r["name"], *[r["display"][m["key"]] for m in metrics]] for r in rows],
              font_size="小四")
    laggards = [r["name"] for r in rows if r.get("overdue")]
    if laggards:
        doc.paragraph(f"存在逾期问题的单位：{'、'.join(laggards)}。请上述单位对照问题清单，逐项销号，按期完成整改。")
    doc.signature(unit.name, as_of)
    return doc.to_bytes()

"""Pieces every report shares: the as-of line, the signature and the file name."""

from __future__ import annotations

from taizhang.documents.layout import OfficialDocument
from taizhang.reports.figures import Figures
from taizhang.reports.prose import nonzero, sentence, when


def as_of_line(doc: OfficialDocument, req) -> None:
    """The day the figures stand for, printed under the title in 楷体 like a subtitle."""
    doc.paragraph(f"（数据统计截至{req.day_text}）", indent=False, align="center")


def sign(doc: OfficialDocument, req) -> None:
    doc.signature(req.unit.name, req.day)


def file_name(req, label: str) -> str:
    return f"{req.unit.name}{label}（截至{req.day:%Y%m%d}）.docx"


def figures(req, keys) -> Figures:
    return Figures(req.unit, req.campaign, req.as_of, keys)


def short_name(unit) -> str:
    return getattr(unit, "short_name", "") or unit.name


# ------------------------------------------------------------------------------------- addressee and sender
#
# One rule for every report (阶段性工作总结, 整改情况报告) and 通报:
#
# - a 报告 goes up, to the body that leads the work at the level above: "{parent}{campaign}领导小组" (its office
#   handles it); a unit under a Party branch or general branch, which have no leading group, reports to that
#   branch itself. At the campaign's root unit there is no level above in the ledger: the report is what the
#   unit's leading group office reports to the unit's committee, so it is addressed to the unit and signed by
#   "{unit}{campaign}领导小组办公室";
# - a 通报 goes down, from the unit's leading group office to the units below it, named together by kind
#   (`addressee_down`: "各镇党委，各村党支部"; a single unit below is named).

def campaign_short(campaign) -> str:
    """The campaign as its leading group is called: its kind when the name says it ("学习贯彻…主题教育（第二批）"
    → "主题教育"), else the name without a trailing batch note."""
    import re

    kind = campaign.get_kind_display()
    if kind and kind != "其他" and kind in campaign.name:
        return kind
    return re.sub(r"（[^）]*）$", "", campaign.name).strip() or campaign.name


def parent_of(req):
    """The unit above the report's unit inside the campaign (None at the campaign's root unit)."""
    if req.unit.pk == req.campaign.root_unit_id:
        return None
    return type(req.unit).objects.get_parent(req.unit)


def leading_group(unit, campaign) -> str:
    return f"{unit.name}{campaign_short(campaign)}领导小组"


def addressee(req) -> str:
    """主送机关 of a report (see above)."""
    parent = parent_of(req)
    if parent is None:
        return req.unit.name
    if parent.kind in {"branch", "general_branch"}:
        return parent.name
    return leading_group(parent, req.campaign)


def signature(req) -> str:
    """The sender of a report: the unit itself; at the campaign's root unit, its leading group's office."""
    if parent_of(req) is None:
        return leading_group(req.unit, req.campaign) + "办公室"
    return req.unit.name


def office(req) -> str:
    """The sender of a 通报: the unit's leading group office (a Party branch, which has none, itself)."""
    if req.unit.kind in {"branch", "general_branch", "village"}:
        return req.unit.name
    return leading_group(req.unit, req.campaign) + "办公室"


# How the units of a kind are addressed together.
_KIND_GROUP = {"township": "各乡镇（街道）党（工）委", "branch": "各党支部", "general_branch": "各党总支",
               "village": "各村（社区）党组织", "department": "各部门（单位）党组织", "organ": "各机关党组织",
               "enterprise": "各企业党组织", "school": "各学校党组织", "hospital": "各医院党组织",
               "other": "各有关单位"}


def addressee_down(req, children) -> str:
    """主送 of a 通报: the units below, named together by kind in the order they first appear."""
    children = list(children)
    if len(children) == 1:
        return children[0].name
    groups: list[str] = []
    for c in children:
        label = _KIND_GROUP.get(c.kind) or f"各{c.get_kind_display()}"
        if label not in groups:
            groups.append(label)
    return "，".join(groups) or req.unit.name


# --- 征求意见 (taizhang.opinions): the sentences the stage summary and the rectification report share ----------

def opinions_sentence(f: dict) -> str:
    """征求意见 as a summary counts it: letters, meetings, talks, opinions collected and how many became problems
    ("" when no opinion was collected)."""
    if not nonzero(f.get("opinions.collected")):
        return ""
    return sentence("坚持开门搞整改", when(f, "发放征求意见函{opinions.letters_sent}"),
                    when(f, "召开座谈会{opinions.forums}"), when(f, "个别谈话{opinions.talk_people}"),
                    "共收集意见建议{opinions.collected}", when(f, "梳理列入问题清单{opinions.to_problems}"))


def satisfaction_sentence(f: dict) -> str:
    """到群众中去: feedback given and the people's satisfaction ("" when neither happened)."""
    return sentence(when(f, "向提出意见建议的群众反馈办理情况{opinions.replied}"),
                    when(f, "群众评价{opinions.ratings}", "opinions.ratings"),
                    when(f, "群众满意度{opinions.satisfaction_rate}", "opinions.ratings"))

"""整改情况报告: the rectification report a unit hands in, as an editable `Draft` laid out by `draft.render`.

Structure (block ids stay the same from one generation to the next, so the office's edits survive):

- ``opening`` — the campaign, the unit, what the report covers;
- 一、问题查摆情况 (``found``): ``found.figures`` problems found and on the list, withdrawn ones stated once;
  ``found.sources`` how they were found (征求意见, 调研, 检视… — the problem's source) with table
  ``found.table`` (来源 / 问题数, 合计 = 列入清单问题); ``found.kinds`` 立行立改 and 长期坚持;
- 二、整改措施落实情况 (``measures``): ``measures.figures`` measures set and done; ``measures.slips`` the 督办单
  issued, by kind; ``measures.lookback`` 回头看 done and rebounds; ``measures.seminars`` 整改专题研讨;
  ``measures.rules`` rules made or improved;
- 三、整改成效 (``results``): ``results.figures`` closed, the rate, closed on time; table ``results.table`` by
  unit — each direct child, the unit's own problems as 本级, and 合计 equal to the figures stated; one to three
  closed problems with their measures (``results.case.1`` …) and a rule made from problems (``results.rule.1``),
  chosen by `taizhang.reports.cases`;
- 四、存在的问题 (``remain``): ``remain.open`` what is not closed yet; ``remain.overdue`` overdue problems
  summarised — their count, by unit, the longest overdue named — never listed in full; ``remain.lagging``
  units whose rate lags the whole subtree's (the stage summary's rule); ``remain.evidence`` closures without
  evidence; ``remain.reopened`` rebounds; ``remain.none`` when every problem is closed;
- 五、下一步工作 (``next``): one point aimed at each of those, and ``next.deepen``;
- annex (landscape): 问题整改台账, the problems on the list in number order.

Counting: every figure is a catalogue value (`taizhang.stats`); the tables take their rows from the catalogue
too (`by_children` and `breakdown` over the same metrics), so each 合计 row equals the figure the text states.
Withdrawn problems (已撤销) are counted the same way everywhere: they are in 查摆问题 (``problems.found``) and
nowhere else — not in the list, the tables, the rates or the annex, which all count ``problems.listed``.
"""

from __future__ import annotations

from taizhang.documents.layout import cn_date
from taizhang.documents.layout.text import text_width
from taizhang.reports import cases, records
from taizhang.reports.builders.common import (
    addressee,
    figures,
    file_name,
    opinions_sentence,
    parent_of,
    satisfaction_sentence,
    short_name,
    signature,
)
from taizhang.reports.builders.stage_summary import LAG_GAP, LAG_MIN_LISTED, LAG_NAMED, _Summary, used_figures
from taizhang.reports.draft import Annex, Draft, render
from taizhang.reports.figures import figure_text
from taizhang.reports.prose import clauses, nonzero, ordinal, quote, sentence, series, tidy_draft, when
from taizhang.reports.request import Rendered
from taizhang.stats.catalogue import CATALOGUE, SLIP_KINDS
from taizhang.stats.rollup import breakdown, by_children, children_of, derive, stats_for

LABEL = "整改情况报告"
KEYS = ["problems.found", "problems.listed", "problems.withdrawn", "problems.closed", "problems.close_rate",
        "problems.closed_on_time", "problems.on_time_rate", "problems.open", "problems.in_progress",
        "problems.pending", "problems.review", "problems.overdue", "problems.immediate", "problems.long_term",
        "problems.closed_no_evidence", "problems.looked_back", "problems.reopened", "research.problems_found",
        "measures.total", "measures.done", "measures.done_rate", "study.rectification_seminars",
        "institutions.total", "institutions.new", "institutions.revised",
        "slips.total", *[f"slips.{kind}" for kind, _ in SLIP_KINDS],
        "opinions.letters_sent", "opinions.forums", "opinions.talk_people", "opinions.collected",
        "opinions.to_problems", "opinions.replied", "opinions.ratings", "opinions.satisfaction_rate"]
# The by-unit table: additive counts (summed into 本级 and 合计) and the rate derived from them.
UNIT_KEYS = ["problems.listed", "problems.closed", "problems.closed_on_time", "problems.open", "problems.overdue"]
RATE = "problems.close_rate"
ANNEX_LIMIT = 3000  # rows of the ledger printed in the annex; a bigger ledger belongs in the Excel export
OWN = "本级"


def child_figures(req, keys=UNIT_KEYS, own: bool = False) -> list[tuple[object, dict]]:
    """(child unit, its catalogue figures) for every direct child, and with ``own`` (None, the unit's own
    figures) for the records the unit owns itself (本级) — one GROUP BY today, the snapshots for a past day (own = the unit's
    figures less its children's, for the additive keys)."""
    children = children_of(req.unit)
    keys = list(keys)
    additive = [k for k in keys if CATALOGUE[k].additive]
    blank = {k: None if CATALOGUE[k].ratio else 0 for k in keys}
    if req.as_of is None:
        grouped = by_children(req.unit, req.campaign, keys)
        rows = [(c, grouped.get(c.path, blank)) for c in children]
        mine = grouped.get(req.unit.path, blank)
    else:
        rows = [(c, stats_for(c, req.campaign, as_of=req.as_of, keys=keys)) for c in children]
        if not own:
            return rows
        whole = stats_for(req.unit, req.campaign, as_of=req.as_of, keys=additive)
        mine = {k: whole[k] - sum(v.get(k) or 0 for _, v in rows) for k in additive}
    return [*rows, (None, mine)] if own else rows


def _with_rate(values: dict) -> dict:
    """The row's values with the close rate derived from its counts (as the catalogue derives it)."""
    return {**values, RATE: derive(values, [RATE])[RATE]}


def _cells(text: str) -> float:
    """Printed width in character cells: Latin letters and digits are set in a proportional font wider than
    half a cell (0.85), and a renderer spaces digits from 汉字, so that "ZG-0001" and "2026年12月31日" stay on one line."""
    wide = text_width(text) - 0.5 * sum(1 for ch in text if ord(ch) < 0x2E80)
    return wide + 0.85 * sum(1 for ch in text if ord(ch) < 0x2E80)


# Character cells of 小四 (12 pt) on the 225 mm text line of a landscape A4 page with GB/T 9704 margins.
LEDGER_CELLS = 52


def ledger_widths(headers: list[str], rows: list[list], flexible: int, caps: dict[int, float]) -> list[float]:
    """Column widths (in character cells) of the annex ledger: each column as wide as its longest value or
    header — numbers and dates never wrap — plus a cell's margins, capped where ``caps`` says; the
    ``flexible`` column (the problem's title) takes the rest of the line."""
    widths = []
    for c, header in enumerate(headers):
        longest = max([_cells(header), *(_cells(str(r[c])) for r in rows)])
        widths.append(min(longest, caps.get(c, longest)) + 2.2)
    rest = LEDGER_CELLS - sum(w for c, w in enumerate(widths) if c != flexible)
    widths[flexible] = max(12.0, rest)
    return widths


class _Report:
    def __init__(self, req):
        self.req = req
        self.f = figures(req, KEYS).values
        self.unit = req.unit
        self.rows = child_figures(req, own=True)
        self.child_used: dict = {}
        self.d = Draft("rectification-report", f"{req.unit.name}关于{req.campaign.name}整改情况的报告",
                       signature(req), req.day, addressee=addressee(req), figures=dict(self.f))
        self.remaining: list[str] = []
        self.lagging: list = []

    @property
    def listed(self) -> int:
        return self.f.get("problems.listed") or 0

    # ------------------------------------------------------------------------------------------ sections

    def opening(self) -> None:
        req = self.req
        parent = parent_of(req)
        by = f"{parent.name}关于{req.campaign.name}检视整改的部署要求" if parent else f"{req.campaign.name}检视整改的部署要求"
        if not self.f.get("problems.found"):
            self.d.para("opening", sentence(f"按照{by}，{self.unit.name}组织开展问题检视整改工作",
                                            f"现将截至{req.day_text}的整改情况报告如下"))
            return
        self.d.para("opening", sentence(
            f"按照{by}，{self.unit.name}坚持边学边查边改、即知即改，把问题整改作为检验学习教育成效的重要标尺",
            "逐项建立问题清单、整改清单和责任清单，扎实推进问题整改") + f"现将截至{req.day_text}的整改情况报告如下。")

    def found(self) -> None:
        f = self.f
        if not nonzero(f.get("problems.found")):
            return
        self.d.heading("found", "问题查摆情况")
        withdrawn = when(f, "经核实撤销{problems.withdrawn}（不计入问题清单，下同）")
        self.d.para("found.figures", sentence(
            "坚持把自己摆进去、把职责摆进去、把工作摆进去，通过征求意见、调查研究、检视剖析等方式深入查找问题",
            "共查摆问题{problems.found}", withdrawn, when(f, "列入问题清单{problems.listed}")))
        if opinions_sentence(f):
            self.d.para("found.opinions", opinions_sentence(f))
        self._sources()
        kinds = clauses(when(f, "立行立改问题{problems.immediate}"), when(f, "长期坚持问题{problems.long_term}"), sep="，")
        if kinds:
            self.d.para("found.kinds", sentence("按照整改时限分类施策", f"其中{kinds}"))

    def _sources(self) -> None:
        if self.req.as_of is not None or not self.listed:
            return  # the snapshots of a past day keep no breakdown by source
        labels = dict(self.req.campaign.code_choices("problem_source"))
        rows = breakdown(self.unit, self.req.campaign, "source", key="problems.listed")
        named = [(labels.get(code) or "其他途径", n) for code, n in rows if code]
        other = sum(n for code, n in rows if not code)
        if other:
            named.append(("其他途径", other))
        if not named or (len(named) == 1 and named[0][0] == "其他途径"):
            return
        if len(named) == 1:  # one source: said in words, a table of one row says nothing more
            self.d.para("found.sources", sentence(f"列入问题清单的问题均为{_source_phrase(named[0][0])}"))
            return
        phrases = [f"{_source_phrase(label)}{n}个" for label, n in named]
        self.d.para("found.sources", sentence(
            "从问题来源看", "、".join(phrases[:6]) + ("等" if len(phrases) > 6 else ""),
            "分布情况见表1"))
        self.d.table("found.table", ["问题来源", "问题数（个）"], [(label, n) for label, n in named],
                     total=["合计", self.listed], col_widths=[3, 2], caption="表1　问题来源分布")

    def measures(self) -> None:
        f = self.f
        blocks = []
        if nonzero(f.get("measures.total")):
            blocks.append(("measures.figures", sentence(
                "坚持问题导向、对账销号，逐项明确整改目标、整改措施、责任人和完成时限",
                "共制定整改措施{measures.total}", when(f, "已完成{measures.done}"),
                when(f, "措施完成率{measures.done_rate}", "measures.done"))))
        if nonzero(f.get("slips.total")):
            kinds = clauses(*[when(f, f"{label}{{slips.{kind}}}") for kind, label in SLIP_KINDS], sep="、")
            blocks.append(("measures.slips", sentence(
                "坚持以督促改，对整改进度滞后、整改质量不高的及时督办",
                "共发出督办单{slips.total}" + (f"（其中{kinds}）" if kinds else ""))))
        if nonzero(f.get("problems.looked_back")):
            rebound = (when(f, "发现反弹问题{problems.reopened}，已重新整改") if nonzero(f.get("problems.reopened"))
                       else "未发现问题反弹")
            blocks.append(("measures.lookback", sentence(
                "对已销号问题开展“回头看”，逐项核查整改成效", "共回头看问题{problems.looked_back}", rebound)))
        if nonzero(f.get("study.rectification_seminars")):
            blocks.append(("measures.seminars", sentence(
                "深化思想认识", "围绕问题整改开展专题研讨{study.rectification_seminars}", "深入剖析问题根源、研究整改举措")))
        if nonzero(f.get("institutions.total")):
            blocks.append(("measures.rules", sentence(
                "注重建章立制", "坚持从解决一个问题向解决一类问题延伸", when(f, "新建制度{institutions.new}"),
                when(f, "完善制度{institutions.revised}"), "推动整改成果制度化")))
        if not blocks:
            return
        self.d.heading("measures", "整改措施落实情况")
        for i, (id, text) in enumerate(blocks, start=1):
            lead, _, rest = text.partition("，")
            self.d.para(id, rest or text, lead=f"{ordinal(i)}{lead}。" if rest else "")

    def results(self) -> None:
        f = self.f
        if not self.listed:
            return
        self.d.heading("results", "整改成效")
        if nonzero(f.get("problems.closed")):
            on_time = (when(f, "其中按期销号{problems.closed_on_time}，按期整改率{problems.on_time_rate}",
                            "problems.closed_on_time"))
            text = sentence("截至目前，列入问题清单的{problems.listed}问题中，已整改销号{problems.closed}",
                            "整改率{problems.close_rate}", on_time)
        else:
            text = sentence("截至目前，列入问题清单的{problems.listed}问题均在整改中，尚未整改销号")
        if len(self.rows) > 1:
            text += "各单位整改情况见表" + ("2" if self.d.block("found.table") else "1") + "。"
        self.d.para("results.figures", text)
        if satisfaction_sentence(f):
            self.d.para("results.satisfaction", satisfaction_sentence(f))
        if len(self.rows) > 1:
            self._unit_table()
        for i, p in enumerate(cases.rectified(self.req), start=1):
            self.d.para(f"results.case.{i}", _Summary._problem_case(p), optional=True)
        for i, inst in enumerate(cases.institutions(self.req, n=1), start=1):
            if getattr(inst, "from_problems", None):
                self.d.para(f"results.rule.{i}", _Summary._rule_case(inst), optional=True)

    def _unit_table(self) -> None:
        rows = []
        for child, values in self.rows:
            values = _with_rate(values)
            name = short_name(child) if child is not None else OWN
            if child is not None:
                for k in UNIT_KEYS + [RATE]:
                    self.child_used[f"{k}@{child.code}"] = values[k]
            elif not values.get("problems.listed"):
                continue  # the unit owns no problem of its own: no 本级 row of zeros
            rows.append([name, values["problems.listed"], values["problems.closed"], figure_text(RATE, values[RATE]),
                         values["problems.open"], values["problems.overdue"]])
        f = self.f
        total = ["合计", f["problems.listed"], f["problems.closed"], figure_text(RATE, f[RATE]), f["problems.open"],
                 f["problems.overdue"]]
        number = "2" if self.d.block("found.table") else "1"
        self.d.table("results.table", ["单位", "清单问题（个）", "已销号（个）", "整改率", "未销号（个）", "逾期（个）"],
                     rows, total=total, col_widths=[4, 2.2, 2, 2, 2, 1.8], font_size="小四",
                     caption=f"表{number}　各单位问题整改情况")

    # ------------------------------------------------------------------------------------ what remains

    def remain(self) -> None:
        f = self.f
        found: list[tuple[str, str]] = []
        if not self.listed:
            return
        if nonzero(f.get("problems.open")):
            parts = clauses(when(f, "待认领{problems.pending}"), when(f, "整改中{problems.in_progress}"),
                            when(f, "待审核销号{problems.review}"), sep="、")
            found.append(("open", sentence("整改任务仍然较重", "目前尚有{problems.open}问题未销号",
                                           f"其中{parts}" if parts else "")))
        if nonzero(f.get("problems.overdue")):
            if f["problems.overdue"] == 1:
                found.append(("overdue", sentence("部分问题整改不够及时", "{problems.overdue}问题超过整改时限仍未销号",
                                                  self._longest(only=True))))
            else:
                found.append(("overdue", sentence("部分问题整改不够及时", "{problems.overdue}问题超过整改时限仍未销号",
                                                  self._overdue_units(), self._longest())))
        lagging = self._lagging()
        if lagging:
            named = series(f"{short_name(c)}（{self._lag_text(c, v)}）" for c, v in lagging)
            found.append(("lagging", sentence("整改进度还不够均衡", f"{named}整改率明显低于总体整改率{{problems.close_rate}}")))
        if nonzero(f.get("problems.closed_no_evidence")):
            found.append(("evidence", sentence("销号把关还不够严格", "{problems.closed_no_evidence}已销号问题未上传佐证材料")))
        if nonzero(f.get("problems.reopened")):
            found.append(("reopened", sentence("整改成果还不够巩固", "“回头看”中发现{problems.reopened}问题出现反弹")))
        self.d.heading("remain", "存在的问题")
        if not found:
            self.d.para("remain.none", sentence(
                "列入问题清单的问题已全部整改销号",
                "但有的整改成效还需要时间检验，防止问题反弹回潮、建立长效机制的任务依然较重"))
            self.remaining = ["none"]
            return
        for i, (id, text) in enumerate(found, start=1):
            lead, _, rest = text.partition("，")
            self.d.para(f"remain.{id}", rest or text, lead=f"{ordinal(i)}{lead}。" if rest else "")
        self.remaining = [id for id, _ in found]

    def _overdue_units(self) -> str:
        """"分布在东镇党委（2个）、西镇党委（1个）" from the catalogue's count of overdue problems by unit."""
        if len(self.rows) <= 1:
            return ""
        counts = [(short_name(c) if c is not None else OWN, c, v.get("problems.overdue") or 0) for c, v in self.rows]
        counts = [(name, c, n) for name, c, n in counts if n]
        for _, c, n in counts:
            if c is not None:
                self.child_used[f"problems.overdue@{c.code}"] = n
        counts.sort(key=lambda r: -r[2])
        named = "、".join(f"{name}{n}个" for name, _, n in counts[:5])
        more = f"等{len(counts)}个单位" if len(counts) > 5 else ""
        return f"分布在{named}{more}" if named else ""

    def _longest(self, only: bool = False) -> str:
        """The problem overdue the longest, named with its unit, deadline and days (or the only one)."""
        worst = cases.longest_overdue(self.req)
        if worst is None:
            return ""
        days = (self.req.day - worst.deadline).days
        noun = "" if worst.title.endswith("问题") else "问题"
        if only:
            return f"即{worst.unit.name}{quote(worst.title)}{noun}，整改时限为{cn_date(worst.deadline)}，已超过{days}天"
        return (f"其中{worst.unit.name}{quote(worst.title)}{noun}逾期时间最长，整改时限为{cn_date(worst.deadline)}，"
                f"已超过{days}天")

    def _lagging(self) -> list:
        whole = self.f.get(RATE)
        if whole is None:
            return []
        rows = []
        for c, v in self.rows:
            if c is None:
                continue
            v = _with_rate(v)
            if (v.get("problems.listed") or 0) >= LAG_MIN_LISTED and v[RATE] is not None and v[RATE] <= whole - LAG_GAP:
                rows.append((c, v))
        rows.sort(key=lambda cv: (cv[1][RATE], cv[0].path))
        self.lagging = rows[:LAG_NAMED]
        return self.lagging

    def _lag_text(self, child, values: dict) -> str:
        listed = values["problems.listed"]
        if not values[RATE]:
            return f"{listed}个问题均未销号"
        return f"{listed}个问题，整改率{figure_text(RATE, values[RATE])}"

    # -------------------------------------------------------------------------------------- next steps

    def next_steps(self) -> None:
        f = self.f
        points: list[tuple[str, str, str]] = []
        if not self.listed:
            self.d.heading("next", "下一步工作")
            self.d.para("next.start", sentence(
                "对照上级部署要求，深入开展检视剖析，广泛征求意见建议",
                "把查摆出的问题逐项列入问题清单，明确整改措施、责任人和完成时限，边查边改、立行立改"))
            return
        for id in self.remaining:
            if id == "open":
                points.append((id, "持续推进问题整改", sentence(
                    "对尚未销号的{problems.open}问题实行挂账督办、对账销号", "确保按期整改到位")))
            elif id == "overdue":
                points.append((id, "紧盯逾期问题", sentence(
                    "对{problems.overdue}逾期问题逐项分析原因、明确整改时限和责任人",
                    "必要时发出督办单、开展约谈，确保问题按期清零")))
            elif id == "lagging":
                names = series(short_name(c) for c, _ in self.lagging)
                points.append((id, "加强分类指导", sentence(
                    f"对{names}加强督促指导，逐一分析整改进度滞后的原因", "推动整改进度整体提升")))
            elif id == "evidence":
                points.append((id, "严格销号把关", sentence(
                    "对未附佐证材料的已销号问题逐一补齐佐证", "坚持成熟一个销号一个，防止虚假整改、敷衍整改")))
            elif id == "reopened":
                points.append((id, "巩固整改成果", sentence(
                    "对“回头看”中发现反弹的问题重新整改、跟踪问效", "防止问题反弹回潮")))
        if "none" in self.remaining or not nonzero(f.get("problems.looked_back")):
            points.append(("lookback", "适时开展“回头看”", sentence(
                "对已销号问题逐项核查整改成效", "发现反弹的及时重新整改")))
        points.append(("deepen", "健全长效机制", sentence(
            "注重从个性问题中发现共性问题、从具体问题中查找制度漏洞",
            "把行之有效的整改举措固化为制度成果，推动问题整改常态长效")))
        self.d.heading("next", "下一步工作")
        for i, (id, lead, text) in enumerate(points, start=1):
            self.d.para(f"next.{id}", text, lead=f"{ordinal(i)}{lead}。")

    # ------------------------------------------------------------------------------------------- annex

    def annex(self) -> None:
        if not self.listed:
            return
        req = self.req
        rows = records.ledger(req, ANNEX_LIMIT, listed_only=True)
        categories = dict(req.campaign.code_choices("problem_category"))
        sources = dict(req.campaign.code_choices("problem_source"))
        blocks = []
        if self.listed > len(rows):
            from taizhang.reports.draft import Para

            blocks.append(Para("annex.note", f"本台账共有问题{self.listed}个，此处列出编号在前的{len(rows)}个，"
                                             "完整台账请从系统导出。", indent=False))
        from taizhang.reports.draft import Table

        headers = ["序号", "编号", "问题", "来源", "类别", "责任单位", "整改时限", "状态"]
        table = [[str(i), p.number, p.title, sources.get(p.source, p.source) or "—",
                  categories.get(p.category, p.category) or "—", short_name(p.unit),
                  cn_date(p.deadline) if p.deadline else "长期坚持", records.STATUS_LABELS.get(p.status, p.status)]
                 for i, p in enumerate(rows, start=1)]
        widths = ledger_widths(headers, table, flexible=2, caps={3: 4, 4: 4, 5: 7})
        blocks.append(Table("annex.ledger", headers, table, col_widths=widths, font_size="小四"))
        self.d.annexes.append(Annex("问题整改台账", blocks))


def _source_phrase(label: str) -> str:
    """The source as the subject of a count: "调研发现" → "调研发现问题", "群众反映" → "群众反映问题"."""
    return label if label.endswith("问题") or label == "其他途径" else f"{label}问题"


def _compose(req) -> tuple[Draft, dict]:
    r = _Report(req)
    r.opening()
    r.found()
    r.measures()
    r.results()
    r.remain()
    r.next_steps()
    r.annex()
    return tidy_draft(r.d), r.child_used


def draft(req) -> Draft:
    """The rectification report as an editable draft (see the module docstring)."""
    return _compose(req)[0]


def build(req) -> Rendered:
    """The .docx, the figures it printed (children's figures as "key@code") and its file name."""
    d, children = _compose(req)
    return Rendered(render(d), {**used_figures(d), **children}, file_name(req, LABEL))

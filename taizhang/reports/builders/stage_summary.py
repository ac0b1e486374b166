"""阶段性工作总结: the stage summary a unit hands in, as an editable `Draft` laid out by `draft.render`.

Structure (block ids are stable from one generation to the next, so the office's edits survive a regeneration):

- ``opening`` — the campaign, since when, the unit, the stage the work is in;
- 一、加强组织领导 (``org``): ``org.lead`` the leadership studying and deploying at its meetings (when 例会集中学习
  is recorded); ``org.plan`` the stages of the campaign and its required reading; ``org.supervision`` the 督办单
  used to push the work;
- 二、主要做法和成效 (``work``), one second-level heading per workstream that has records — ``study`` 理论学习,
  ``research`` 调查研究, ``matters`` 推动发展和为民办实事, ``rectification`` 检视整改, ``rules`` 建章立制 — each
  with its figures (``<stream>.figures``, every number a live catalogue field) and one to three concrete cases
  (``<stream>.case.1`` …, optional paragraphs the office may drop);
- 三、典型经验 (``typical``, ``typical.1`` …): materials the office marked 典型经验 or put into a 交流材料汇编;
- 四、存在的问题和不足 (``issues``): ``issues.lagging`` units whose rectification rate lags the whole subtree,
  ``issues.overdue`` overdue problems (the longest named), ``issues.evidence`` closures without evidence,
  ``issues.study`` / ``issues.research`` units with little or no study or research recorded (research is not
  expected of Party branches), ``issues.reopened`` rebounds found by 回头看, ``issues.empty``
  a unit with nothing recorded at all, ``issues.general`` when the data show none of these;
- 五、下一步打算 (``next``): one point aimed at each shortcoming found (``next.lagging`` … ``next.empty``),
  and ``next.deepen`` which is always there.

A heading is printed only when its section has a paragraph. Every sentence follows `taizhang.reports.prose`: a
zero figure's clause is left out, punctuation is tidied, people are 人 and sums of attendance 人次.

How the cases are chosen: `taizhang.reports.cases` (largest effect first, then the most recent, spread across
units; deterministic). Shortcomings, from the catalogue figures of the unit and its direct children:

- a child lags when it has at least `LAG_MIN_LISTED` problems on its list and its rectification rate is at least
  `LAG_GAP` points below the whole subtree's; the lowest `LAG_NAMED` are named with their rates;
- a child has "no study" when it has no study activity recorded, "little" when it has fewer than a quarter of the
  median of its siblings; the same for research visits, except among Party branches (villages are not expected to
  run research topics of their own);
- overdue problems and closures without evidence are stated when their catalogue figure is not zero.

主送机关 (addressee): the unit reports to the campaign's leading group of the level above —
"{parent}{campaign}领导小组" — because a 报告 goes to the body that leads the work (its office handles it); a
unit under a Party branch or general branch, which have no leading group, reports to that branch itself. The
campaign's root unit has no level above in the ledger: there the summary is what its leading group's office
reports to the unit's committee, so it is addressed to the unit and signed by "{unit}{campaign}领导小组办公室".
"""

from __future__ import annotations

import re
from statistics import median

from taizhang.documents.layout import cn_date
from taizhang.reports import cases
from taizhang.reports.builders.common import (  # noqa: F401 - the addressee rule is shared with every report
    addressee,
    campaign_short,
    figures,
    file_name,
    leading_group,
    opinions_sentence,
    parent_of,
    satisfaction_sentence,
    short_name,
    signature,
)
from taizhang.reports.draft import Draft, fields_of, render
from taizhang.reports.figures import figure_text
from taizhang.reports.prose import (
    book,
    clauses,
    first_sentence,
    nonzero,
    ordinal,
    people,
    quote,
    sentence,
    series,
    tidy_draft,
    when,
)
from taizhang.reports.request import Rendered
from taizhang.stats.catalogue import SLIP_KINDS
from taizhang.stats.rollup import by_children, children_of, stats_for

LABEL = "阶段性工作总结"

STUDY_KEYS = [
    "study.sessions", "study.attendance", "study.meetings", "study.sessions.first_topic", "study.branch",
    "study.sessions.reading_class", "study.reading_class.days", "study.reading_class.attendance",
    "study.classes.speakers", "study.exchanges", "study.sessions.party_lecture", "study.sessions.seminar",
    "study.rectification_seminars",
]
RESEARCH_KEYS = ["research.topics", "research.visits", "research.solved_on_site", "research.problems_found",
                 "research.reports", "research.transformations", "research.transformed"]
MATTER_KEYS = ["matters.total", "matters.done", "matters.beneficiaries", "matters.money"]
PROBLEM_KEYS = ["problems.found", "problems.listed", "problems.closed", "problems.close_rate", "problems.immediate",
                "problems.long_term", "problems.open", "problems.overdue", "problems.closed_no_evidence",
                "problems.reopened", "measures.total", "measures.done"]
RULE_KEYS = ["institutions.total", "institutions.new", "institutions.revised", "institutions.abolished"]
SLIP_KEYS = ["slips.total", *[f"slips.{kind}" for kind, _ in SLIP_KINDS]]
OPINION_KEYS = ["opinions.letters_sent", "opinions.forums", "opinions.talk_people", "opinions.collected",
                "opinions.to_problems", "opinions.replied", "opinions.ratings", "opinions.satisfaction_rate"]
KEYS = [*STUDY_KEYS, *RESEARCH_KEYS, *MATTER_KEYS, *PROBLEM_KEYS, *RULE_KEYS, *SLIP_KEYS, *OPINION_KEYS]
CHILD_KEYS = ["problems.listed", "problems.close_rate", "study.sessions", "research.visits"]

LAG_MIN_LISTED = 3  # problems on a child's list before its rate is compared
LAG_GAP = 10.0  # percentage points below the whole subtree's rate
LAG_NAMED = 3
BRANCH_KINDS = {"branch", "general_branch", "village"}


# ------------------------------------------------------------------------------------------------ helpers

_VERB = re.compile(r"^(出台|制定|建立|健全|完善|推动|推进|开展|实施|落实|集中|将|把|围绕|解决|印发|修订|组建|成立|设立|"
                   r"形成|打造|启动|建设|编制)")
_KIND_VERB = {"policy": "形成", "rule": "形成", "measure": "落实", "project": "实施", "solve": "解决"}


def _transformed(t) -> str:
    """A transformation as the clause of a sentence: cited as written when it is phrased as an action ("出台《…》",
    "建立…机制"), else introduced by the verb of its kind (形成《…办法》, 实施“…”项目)."""
    title = t.title.strip().rstrip("。")
    if _VERB.match(title):
        return title
    named = book(title) if t.kind in ("policy", "rule") else quote(title)
    return _KIND_VERB.get(t.kind, "推动") + named


def _md(d) -> str:
    return f"{d.month}月{d.day}日"


def _children(req) -> list[tuple[object, dict]]:
    """(child, its figures) for every direct child: one GROUP BY today, the snapshots for a past day."""
    children = children_of(req.unit)
    if not children:
        return []
    if req.as_of is None:
        grouped = by_children(req.unit, req.campaign, CHILD_KEYS)
        blank = {"problems.listed": 0, "problems.close_rate": None, "study.sessions": 0, "research.visits": 0}
        return [(c, grouped.get(c.path, blank)) for c in children]
    return [(c, stats_for(c, req.campaign, as_of=req.as_of, keys=CHILD_KEYS)) for c in children]


class _Summary:
    def __init__(self, req):
        self.req = req
        self.f = figures(req, KEYS).values
        self.unit = req.unit
        self.children = _children(req)
        self.child_used: dict = {}  # "key@code" → value of every child figure printed
        self.d = Draft("stage-summary", f"{req.unit.name}关于{req.campaign.name}阶段性工作情况的报告",
                       signature(req), req.day, addressee=addressee(req), figures=dict(self.f))
        self.shortcomings: list[str] = []  # ids of the issues found, in order ("lagging", "overdue" …)
        self.lagging: list = []
        self.thin: dict[str, list] = {}  # key → the children with none or little of it

    def child_figure(self, child, key: str, value) -> str:
        self.child_used[f"{key}@{child.code}"] = value
        return figure_text(key, value)

    def any_of(self, keys) -> bool:
        return any(nonzero(self.f.get(k)) for k in keys)

    # ------------------------------------------------------------------------------------------ sections

    def opening(self) -> None:
        req = self.req
        parent = parent_of(req)
        by = f"{parent.name}关于{req.campaign.name}的部署要求" if parent else f"{req.campaign.name}的总体部署"
        recorded = any(self.any_of(keys) for keys in (STUDY_KEYS, RESEARCH_KEYS, MATTER_KEYS, PROBLEM_KEYS, RULE_KEYS))
        now = self._current_stages()
        progress = ("" if not recorded or not now else f"目前{quote(now[0].name)}阶段工作正有序推进" if len(now) == 1
                    else f"目前{series(quote(s.name) for s in now)}等工作正压茬推进")
        if recorded:
            body = sentence(f"{cn_date(req.campaign.start_date)}以来，{self.unit.name}按照{by}",
                            "坚持把理论学习、调查研究、推动发展、检视整改、建章立制有机融合、一体推进", progress,
                            "各项工作取得阶段性成效")
        else:
            body = sentence(f"{cn_date(req.campaign.start_date)}以来，{self.unit.name}按照{by}，组织开展{campaign_short(req.campaign)}",
                            progress)
        self.d.para("opening", body + f"现将截至{req.day_text}的工作情况报告如下。")

    def _current_stages(self) -> list:
        stages = self.req.campaign.stages.order_by("sort_order", "start_date", "id")
        return [s for s in stages if s.start_date <= self.req.day <= s.end_date]

    def organisation(self) -> None:
        req, f = self.req, self.f
        stages = list(req.campaign.stages.order_by("sort_order", "start_date", "id"))
        reading = cases.reading_list(req)
        plan = ""
        if len(stages) > 1:
            plan = sentence(f"按照总体安排，把{series(quote(s.name) for s in stages)}等工作压茬推进、贯通落实")
        elif stages:
            plan = sentence(f"按照总体安排，{quote(stages[0].name)}工作于{cn_date(stages[0].start_date)}启动")
        if reading:
            plan += sentence(f"统一确定学习书目，将{'、'.join(book(t) for t in reading)}等列为必读书目，"
                             "引导党员干部原原本本学、联系实际学")
        blocks = []
        if nonzero(f.get("study.meetings")):
            blocks.append(("org.lead", sentence(
                "压实领导责任，领导班子坚持以上率下",
                "在党委（党组）会议“第一议题”和理论学习中心组学习中专题学习、研究部署，带头学习研讨、带头调查研究、"
                "带头检视整改")))
        if plan:
            blocks.append(("org.plan", plan))
        if nonzero(f.get("slips.total")):
            kinds = clauses(*[when(f, f"{label}{{slips.{kind}}}") for kind, label in SLIP_KINDS], sep="、")
            blocks.append(("org.supervision", sentence(
                "坚持以督促干，对工作进度滞后、问题整改不力的及时督办提醒",
                "共办理督办单{slips.total}" + (f"（其中{kinds}）" if kinds else ""))))
        if blocks:
            self.d.heading("org", "加强组织领导，周密安排部署")
            for id, text in blocks:
                self.d.para(id, text)

    def work(self) -> None:
        sections = [self.study, self.research, self.matters, self.rectification, self.rules]
        if not any(self.any_of(keys) for keys in (STUDY_KEYS, RESEARCH_KEYS, MATTER_KEYS, PROBLEM_KEYS, RULE_KEYS)):
            return
        self.d.heading("work", "主要做法和成效")
        for section in sections:
            section()

    def _cases(self, stream: str, texts: list[str]) -> None:
        for i, text in enumerate([t for t in texts if t][:3], start=1):
            self.d.para(f"{stream}.case.{i}", text, optional=True)

    def study(self) -> None:
        f = self.f
        if not nonzero(f.get("study.sessions")):
            return
        self.d.heading("study", "坚持学思结合，抓实理论学习", level=2)
        first = when(f, "（其中“第一议题”学习{study.sessions.first_topic}）")
        text = sentence("坚持把理论学习作为首要任务", "累计开展各类学习{study.sessions}", when(f, "参学{study.attendance}"))
        text += sentence(
            when(f, "以党委（党组）会议“第一议题”、理论学习中心组学习等形式开展例会集中学习{study.meetings}") + first,
            when(f, ("通过“三会一课”、主题党日等形式集体学习{study.branch}" if self.unit.kind in BRANCH_KINDS
                     else "各党支部开展集体学习{study.branch}")))
        text += sentence(when(f, "举办读书班{study.sessions.reading_class}"), when(f, "累计{study.reading_class.days}"),
                         when(f, "参学{study.reading_class.attendance}"), when(f, "研讨交流发言{study.classes.speakers}"))
        text += sentence(when(f, "开展交流研讨{study.exchanges}"), when(f, "讲授专题党课{study.sessions.party_lecture}"))
        self.d.para("study.figures", text)
        self._cases("study", [self._study_case(a) for a in cases.study(self.req)])

    @staticmethod
    def _study_case(a) -> str:
        who = a.unit.name
        title = a.title.strip()
        head = f"{_md(a.start_date)}，{who}"
        if a.type == "reading_class":
            what = f"举办{quote(title)}" + ("" if "班" in title else "读书班")
            days = f"为期{a.days}天" if a.days and a.days > 1 else ""
            return sentence(head + what, days, f"{people(a.participant_count)}参加" if a.participant_count else "",
                            f"交流发言{a.speakers}人次" if a.speakers else "")
        if a.type == "seminar":
            what = f"开展{quote(title)}" if "研讨" in title else f"围绕{quote(title)}开展专题研讨"
            return sentence(head + what,
                            f"{people(a.participant_count)}参加" if a.participant_count else "",
                            f"{a.speakers}人次作交流发言" if a.speakers else "")
        host = f"{a.host}" if a.host else ""
        title = re.sub(r"^专题党课[：:]", "", title)
        lecture = f"讲授{quote(title)}" + ("" if "党课" in title else "专题党课")
        return sentence(head + host + lecture,
                        f"{people(a.participant_count)}参加" if a.participant_count else "")

    def research(self) -> None:
        f = self.f
        if not self.any_of(RESEARCH_KEYS):
            return
        self.d.heading("research", "坚持问题导向，深化调查研究", level=2)
        text = sentence(when(f, "确定调研课题{research.topics}"), when(f, "开展调研{research.visits}"),
                        when(f, "现场解决问题{research.solved_on_site}"))
        text += sentence(when(f, "调研中发现问题{research.problems_found}"),
                         when(f, "已纳入问题清单推动整改", "research.problems_found"))
        text += sentence(when(f, "形成调研报告{research.reports}"), when(f, "梳理成果转化事项{research.transformations}"),
                         when(f, "已完成转化{research.transformed}"))
        self.d.para("research.figures", text)
        self._cases("research", [self._research_case(r) for r in cases.research(self.req)])

    @staticmethod
    def _research_case(r) -> str:
        from taizhang.research.models import Transformation

        if isinstance(r, Transformation):
            # A transformation is recorded as what is to be done ("出台《…》", "建立…机制"): cited as written.
            done = f"已于{_md(r.completed_at)}完成" if r.status == "done" and r.completed_at else (
                "已完成" if r.status == "done" else "正在推进")
            return sentence(f"{r.unit.name}通过{quote(r.topic.title)}课题调研，推动成果转化", _transformed(r), done)
        report = "形成调研报告" if r.status in ("reported", "transforming", "done") else ""
        return sentence(f"{r.unit.name}围绕{quote(r.title)}课题深入基层走访座谈", report)

    def matters(self) -> None:
        f = self.f
        if not self.any_of(MATTER_KEYS):
            return
        self.d.heading("matters", "坚持为民造福，推动发展和办实事", level=2)
        self.d.para("matters.figures", sentence(
            when(f, "梳理为民办实事{matters.total}"), when(f, "已办结{matters.done}"),
            when(f, "惠及群众{matters.beneficiaries}"), when(f, "投入资金{matters.money}")))
        self._cases("matters", [self._matter_case(m) for m in cases.matters(self.req)])

    @staticmethod
    def _matter_case(m) -> str:
        result = first_sentence(m.result, 60)
        done = "" if re.search("完成|办结|完工", result) else "已办结" if m.status == "done" else "正在推进"
        return sentence(f"{m.unit.name}办理{quote(m.title)}实事", f"惠及群众{people(m.beneficiaries)}", done, result)

    def rectification(self) -> None:
        f = self.f
        if not self.any_of(PROBLEM_KEYS):
            return
        self.d.heading("rectification", "坚持边学边查边改，抓好检视整改", level=2)
        rate = when(f, "整改率{problems.close_rate}") if nonzero(f.get("problems.closed")) else "整改工作正在推进"
        kinds = clauses(when(f, "立行立改问题{problems.immediate}"), when(f, "长期坚持问题{problems.long_term}"), sep="、")
        text = sentence(when(f, "共查摆问题{problems.found}"), when(f, "列入问题清单{problems.listed}"),
                        when(f, "已整改销号{problems.closed}"), rate if f.get("problems.listed") else "")
        text += sentence(f"其中{kinds}" if kinds else "")
        text += sentence(when(f, "细化整改措施{measures.total}"), when(f, "已完成{measures.done}"))
        text += sentence(when(f, "围绕问题整改开展专题研讨{study.rectification_seminars}"))
        self.d.para("rectification.figures", text)
        if self.any_of(OPINION_KEYS):
            self.d.para("rectification.opinions", opinions_sentence(f) + satisfaction_sentence(f))
        self._cases("rectification", [self._problem_case(p) for p in cases.rectified(self.req)])

    @staticmethod
    def _problem_case(p) -> str:
        measures = getattr(p, "done_measures", [])
        heads = [re.split(r"[，。；,;]", m.strip(), maxsplit=1)[0] for m in measures]
        example = next((h for h in heads if 4 <= len(h) <= 30), "")
        count = f"{len(measures)}项" if len(measures) > 1 else ""
        did = (f"采取{example}等{count}措施" if example else f"落实{count}整改措施" if count else "逐项落实整改措施")
        when_closed = f"于{_md(p.closed_on)}整改销号" if p.closed_on else "已整改销号"
        noun = "" if p.title.endswith("问题") else "问题"
        return sentence(f"{p.unit.name}针对{quote(p.title)}{noun}", did, when_closed)

    def rules(self) -> None:
        f = self.f
        if not self.any_of(RULE_KEYS):
            return
        self.d.heading("rules", "注重标本兼治，推进建章立制", level=2)
        self.d.para("rules.figures", sentence(
            "注重从解决一个问题向解决一类问题延伸",
            when(f, "新建制度{institutions.new}"), when(f, "完善制度{institutions.revised}"),
            when(f, "废止制度{institutions.abolished}")))
        self._cases("rules", [self._rule_case(i) for i in cases.institutions(self.req)])

    @staticmethod
    def _rule_case(inst) -> str:
        verb = "修订完善" if inst.kind == "revised" else "制定出台"
        number = f"（{inst.doc_number}）" if inst.doc_number else ""
        problems = getattr(inst, "from_problems", [])
        cause = f"针对{quote(problems[0])}等问题，" if problems else ""
        gist = first_sentence(inst.summary, 50)
        if cause and gist.startswith("针对"):
            gist = ""
        return sentence(f"{inst.unit.name}{cause}{verb}{book(inst.title)}{number}", gist)

    def typical(self) -> None:
        rows = cases.typical(self.req)
        if not rows:
            return
        self.d.heading("typical", "典型经验")
        self.d.para("typical.intro", "注重发现、总结和推广基层好经验好做法，形成了一批可复制可借鉴的典型经验。")
        for i, m in enumerate(rows, start=1):
            gist = first_sentence(m.body, 70)
            self.d.para(f"typical.{i}", sentence(f"{m.unit.name}总结形成{book(m.title)}", gist), optional=True)

    # ----------------------------------------------------------------------------------- shortcomings

    def issues(self) -> None:
        f, req = self.f, self.req
        found: list[tuple[str, str]] = []
        recorded = any(self.any_of(keys) for keys in (STUDY_KEYS, RESEARCH_KEYS, MATTER_KEYS, PROBLEM_KEYS, RULE_KEYS))
        if not recorded:
            found.append(("empty", sentence(
                "工作推进还不够有力",
                "截至目前，理论学习、调查研究、检视整改、建章立制等工作在台账中尚无记录，"
                "工作进度和台账管理与上级要求还有较大差距")))
        else:
            lagging = self._lagging()
            if lagging:
                named = series(f"{c.name}（{self._lag_text(c, v)}）" for c, v in lagging)
                found.append(("lagging", sentence(
                    "整改进度还不够均衡", f"{named}整改率明显低于总体整改率{{problems.close_rate}}")))
            if nonzero(f.get("problems.overdue")):
                worst = cases.longest_overdue(req)
                named = (f"其中{worst.unit.name}{quote(worst.title)}问题已超过整改时限{(req.day - worst.deadline).days}天"
                         if worst is not None else "")
                found.append(("overdue", sentence("部分问题整改不够及时", "目前仍有{problems.overdue}问题超过整改时限未销号",
                                                  named)))
            if nonzero(f.get("problems.closed_no_evidence")):
                found.append(("evidence", sentence(
                    "销号把关还不够严格", "{problems.closed_no_evidence}已销号问题未上传佐证材料",
                    "整改成效的印证还不够充分")))
            study = self._thin("study.sessions")
            if study:
                found.append(("study", sentence("学习教育开展还不够平衡", study.format(what="学习活动"))))
            elif not nonzero(f.get("study.sessions")):
                found.append(("study", sentence("理论学习抓得还不够紧", "本级尚无学习活动记录")))
            if not self._branches_below() and self.unit.kind not in BRANCH_KINDS:
                research = self._thin("research.visits")
                if research:
                    found.append(("research", sentence("调查研究还不够深入", research.format(what="调研走访"))))
                elif not nonzero(f.get("research.visits")) and not self.children:
                    found.append(("research", sentence("调查研究还不够深入", "尚无调研走访记录")))
            if nonzero(f.get("problems.reopened")):
                found.append(("reopened", sentence(
                    "整改成果还不够巩固", "“回头看”中发现{problems.reopened}问题出现反弹")))
        self.d.heading("issues", "存在的问题和不足")
        if not found:
            found.append(("general", sentence(
                "从台账记录看，各项工作总体进展顺利",
                "但对照上级要求，学习研讨的深度、成果转化运用的成效和长效机制的建设还需持续用力")))
            self.d.para("issues.general", found[0][1])
            self.shortcomings = ["general"]
            return
        for i, (id, text) in enumerate(found, start=1):
            lead, _, rest = text.partition("，")
            self.d.para(f"issues.{id}", rest or text, lead=f"{ordinal(i)}{lead}。" if rest else "")
        self.shortcomings = [id for id, _ in found]

    def _lagging(self) -> list:
        whole = self.f.get("problems.close_rate")
        if whole is None:
            return []
        rows = [(c, v) for c, v in self.children if (v.get("problems.listed") or 0) >= LAG_MIN_LISTED
                and v.get("problems.close_rate") is not None and v["problems.close_rate"] <= whole - LAG_GAP]
        rows.sort(key=lambda cv: (cv[1]["problems.close_rate"], cv[0].path))
        self.lagging = rows[:LAG_NAMED]
        return self.lagging

    def _lag_text(self, child, values: dict) -> str:
        """"整改率12.5%", or for a unit that closed none "5个问题均未销号" (a rate of 0 says less than the count)."""
        listed = self.child_figure(child, "problems.listed", values["problems.listed"])
        if not values["problems.close_rate"]:
            return f"{listed}问题均未销号"
        return f"{listed}问题，整改率{self.child_figure(child, 'problems.close_rate', values['problems.close_rate'])}"

    @staticmethod
    def _names(units) -> str:
        """"甲、乙和丙", with 等单位 when more than `LAG_NAMED` are concerned."""
        return series(short_name(c) for c in units[:LAG_NAMED]) + ("等单位" if len(units) > LAG_NAMED else "")

    def _branches_below(self) -> bool:
        return bool(self.children) and all(c.kind in BRANCH_KINDS for c, _ in self.children)

    def _thin(self, key: str) -> str:
        """"{A、B}尚无{what}记录，{C}{what}偏少" over the children, or "" (see the module docstring)."""
        if len(self.children) < 2:
            return ""
        values = [(c, v.get(key) or 0) for c, v in self.children]
        mid = median(n for _, n in values)
        none = [c for c, n in values if n == 0]
        few = [c for c, n in values if 0 < n < mid / 4]
        self.thin[key] = none + few
        for c, n in values:
            if c in none or c in few:
                self.child_used[f"{key}@{c.code}"] = n
        parts = []
        if none:
            parts.append(f"{self._names(none)}尚无{{what}}记录")
        if few:
            parts.append(f"{self._names(few)}{{what}}偏少")
        return "，".join(parts)

    # -------------------------------------------------------------------------------------- next steps

    def next_steps(self) -> None:
        f = self.f
        points: list[tuple[str, str, str]] = []  # (id, lead, text)
        for id in self.shortcomings:
            if id == "empty":
                points.append((id, "抓紧补齐工作短板", sentence(
                    "对照上级部署要求，尽快制定学习计划、确定调研课题、开展检视整改",
                    "边推进边录入台账，确保各项工作按时间节点落实到位")))
            elif id == "lagging":
                names = series(c.name for c, _ in self.lagging)
                points.append((id, "加强分类指导", sentence(
                    f"对{names}加强督促指导，逐一分析整改进度滞后的原因",
                    "必要时发出督办单、开展约谈，推动整改进度整体提升")))
            elif id == "overdue":
                points.append((id, "紧盯逾期问题", sentence(
                    "对{problems.overdue}逾期问题逐项明确整改时限和责任人", "实行挂账督办、对账销号",
                    "确保问题按期清零")))
            elif id == "evidence":
                points.append((id, "严格销号把关", sentence(
                    "对未附佐证材料的已销号问题逐一补齐佐证", "结合“回头看”核实整改成效，防止虚假整改、敷衍整改")))
            elif id == "study":
                units = self.thin.get("study.sessions", [])
                who = f"督促{self._names(units)}" if units else "抓紧制定学习计划"
                points.append((id, "持续深化理论学习", sentence(
                    f"{who}{'补上学习课程' if units else ''}", "用好“三会一课”、主题党日等载体",
                    "推动学习教育覆盖全体党员")))
            elif id == "research":
                units = self.thin.get("research.visits", [])
                who = f"督促{self._names(units)}" if units else "尽快"
                points.append((id, "推动调查研究走深走实", sentence(
                    f"{who}围绕发展所需、群众所盼确定调研课题、深入基层开展调研", "推动调研成果转化运用")))
            elif id == "reopened":
                points.append((id, "巩固整改成果", sentence(
                    "对“回头看”中发现反弹的问题重新整改、跟踪问效", "防止问题反弹回潮")))
        if nonzero(f.get("problems.open")) and "overdue" not in self.shortcomings:
            points.append(("open", "抓好问题整改", sentence("对尚未销号的{problems.open}问题挂账督办", "确保按期整改到位")))
        if "empty" not in self.shortcomings:
            first = "抓好已出台制度的执行和评估" if nonzero(f.get("institutions.total")) else "注重从问题整改中查找制度漏洞"
            points.append(("deepen", "健全长效机制", sentence(
                first, "把行之有效的经验做法固化为制度成果，推动学习教育成果转化为推动发展的实际成效")))
        self.d.heading("next", "下一步打算")
        self.d.para("next.intro", "针对上述问题，下一步将重点抓好以下工作。")
        for i, (id, lead, text) in enumerate(points, start=1):
            self.d.para(f"next.{id}", text, lead=f"{ordinal(i)}{lead}。")


def _compose(req) -> tuple[Draft, dict]:
    s = _Summary(req)
    s.opening()
    s.organisation()
    s.work()
    s.typical()
    s.issues()
    s.next_steps()
    return tidy_draft(s.d), s.child_used


def draft(req) -> Draft:
    """The summary as an editable draft (see the module docstring)."""
    return _compose(req)[0]


def used_figures(d: Draft) -> dict:
    """The catalogue values the draft's paragraphs print through their figure fields, in order of appearance."""
    keys: list[str] = []
    for b in d.blocks:
        for text in (getattr(b, "text", ""), getattr(b, "lead", "")):
            keys.extend(k for k in fields_of(text or "") if k not in keys)
    return {k: d.figures[k] for k in keys if k in d.figures}


def build(req) -> Rendered:
    """The .docx, the figures it printed (children's figures as "key@code") and its file name."""
    d, children = _compose(req)
    return Rendered(render(d), {**used_figures(d), **children}, file_name(req, LABEL))

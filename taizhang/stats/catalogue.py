"""The metric catalogue (docs/design.md §5): every figure is defined here once, with a stable key.

A metric is computed over "records whose owning unit is in the subtree of U, in campaign C, as of D".
Each additive metric is one conditional aggregate (`Count(filter=Q)` or `Sum(filter=Q)`) over one
model; `stats.rollup` puts every metric of one model into one SELECT. A rate is derived from two
additive metrics after aggregation and is None when its denominator is 0.

`Ctx` carries what a filter depends on: the day (overdue, due soon and the lights are relative to it)
and the campaign's due-soon threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, Sum

from taizhang.institutions.models import InstitutionKind
from taizhang.ledger import lights
from taizhang.ledger.models import (
    ClosureDecision,
    LookBackVerdict,
    MeasureStatus,
    ProblemStatus,
    RectificationKind,
)
from taizhang.matters.models import MatterStatus
from taizhang.opinions.models import Channel, MeetingKind, Rating
from taizhang.orgs.models import UnitKind
from taizhang.research.models import TopicStatus, TransformationStatus, VisitStatus
from taizhang.study.models import StudyType

# The five 督办单 kinds of docs/design.md §3, in the order offices list them.
SLIP_KINDS = [("notice", "通知单"), ("reminder", "提示单"), ("feedback", "反馈单"), ("warning", "预警单"),
              ("interview", "约谈单")]

# Units a figure is reported in (what follows the number in a Word summary).
GE, XIANG, CI, QI, RENCI, PERCENT, WANYUAN, TIAN, FEN = "个", "项", "次", "期", "人次", "%", "万元", "天", "份"
TIAO, CHANG = "条", "场"


@dataclass(frozen=True)
class Ctx:
    on: date
    due_soon_days: int


@dataclass(frozen=True)
class Source:
    """Where a group of metrics is counted: the model, and the paths from it to the owning unit and the
    campaign. `distinct` counts a related object once (e.g. problems with a returned closure)."""

    name: str
    model: Callable[[], type]
    unit_field: str
    campaign_field: str


def _model(app: str, name: str):
    def get():
        from django.apps import apps

        return apps.get_model(app, name)
    return get


SOURCES = {
    s.name: s for s in [
        Source("problem", _model("ledger", "Problem"), "unit", "campaign"),
        Source("measure", _model("ledger", "Measure"), "problem__unit", "problem__campaign"),
        Source("closure", _model("ledger", "ClosureRequest"), "problem__unit", "problem__campaign"),
        Source("lookback", _model("ledger", "LookBack"), "problem__unit", "problem__campaign"),
        Source("topic", _model("research", "ResearchTopic"), "unit", "campaign"),
        Source("visit", _model("research", "ResearchVisit"), "unit", "campaign"),
        Source("transformation", _model("research", "Transformation"), "unit", "topic__campaign"),
        Source("study", _model("study", "StudyActivity"), "unit", "campaign"),
        Source("matter", _model("matters", "PracticalMatter"), "unit", "campaign"),
        Source("institution", _model("institutions", "Institution"), "unit", "campaign"),
        # 督办单 count for the unit that received them.
        Source("slip", _model("supervision", "SupervisionSlip"), "target_unit", "campaign"),
        # 征求意见: opinions and meetings count for the unit that asked; letters for the unit that sent them;
        # ratings for the unit whose problem (or opinion) was rated.
        Source("opinion", _model("opinions", "Opinion"), "unit", "campaign"),
        Source("opinion_meeting", _model("opinions", "OpinionMeeting"), "unit", "campaign"),
        Source("opinion_letter", _model("opinions", "OpinionLetter"), "unit", "campaign"),
        Source("opinion_rating", _model("opinions", "OpinionRating"), "unit", "campaign"),
    ]
}


@dataclass(frozen=True)
class Metric:
    """One figure. Additive metrics have `source` and `aggregate(ctx)`; rates have `ratio` (numerator key,
    denominator key) and are given in percent with one decimal."""

    key: str
    label: str
    unit: str
    group: str
    source: str = ""
    aggregate: Callable[[Ctx], object] | None = None
    ratio: tuple[str, str] | None = None
    decimals: int = 0
    description: str = ""
    records: Callable[[Ctx], Q] | None = None

    @property
    def additive(self) -> bool:
        """Whether a parent's value is the sum of its children's plus its own records'."""
        return self.ratio is None


def count(q: Callable[[Ctx], Q] | Q | None = None, field: str = "pk", distinct: bool = False):
    def build(ctx: Ctx):
        flt = q(ctx) if callable(q) else q
        return Count(field, filter=flt, distinct=distinct)
    # The condition itself, for the list of the records the figure counts (record_q).
    build.where = (lambda ctx: (q(ctx) if callable(q) else q) or Q())
    return build


def total(field: str, q: Q | None = None):
    def build(ctx: Ctx):
        return Sum(field, filter=q)
    build.where = lambda ctx: q or Q()
    return build


def unlisted(build):
    """An aggregate whose records no list shows (座谈会, 征求意见函 and 群众评价 figures): the figure links nowhere."""
    def plain(ctx: Ctx):
        return build(ctx)
    return plain


S = ProblemStatus
_listed = ~Q(status=S.WITHDRAWN)
_closed = Q(status=S.CLOSED)
# Closed on or before the deadline (in Asia/Shanghai); a closed problem without a deadline (立行立改 done at
# once, 长期坚持) is on time.
_closed_on_time = _closed & (Q(deadline__isnull=True) | Q(deadline__gte=F("closed_on")))


def _problem_has(model: str, **filters) -> Q:
    """Problems with at least one related `model` row (a closure request, a 回头看) matching `filters`."""
    from django.apps import apps

    return Q(Exists(apps.get_model("ledger", model).objects.filter(problem=OuterRef("pk"), **filters)))


def _no_evidence(ctx: Ctx) -> Q:
    """Closed problems without a single file of evidence (on a closure request or a progress report)."""
    from taizhang.ledger.models import Attachment

    return _closed & ~Q(Exists(Attachment.objects.filter(problem=OuterRef("pk"))))


# 例会集中学习: the study held at a committee's regular meetings — the 第一议题 of 党委（党组）会议 and the
# theory study group (中心组) sessions.
_MEETING_STUDY = Q(type__in=[StudyType.FIRST_TOPIC, StudyType.GROUP_STUDY])
# 党支部集体学习: collective study of Party branches — every form but self-study and quizzes held by a 党支部,
# 党总支 or village/community branch, and 三会一课 / 主题党日 wherever they are recorded (they are branch forms).
_BRANCH_KINDS = [UnitKind.BRANCH, UnitKind.GENERAL_BRANCH, UnitKind.VILLAGE]
_BRANCH_STUDY = ((Q(unit__kind__in=_BRANCH_KINDS) & ~Q(type__in=[StudyType.SELF_STUDY, StudyType.QUIZ]))
                 | Q(type__in=[StudyType.THREE_MEETINGS, StudyType.PARTY_DAY]))
# 读书班（研讨班）: the classes whose seminars have 研讨交流发言.
_CLASSES = Q(type__in=[StudyType.READING_CLASS, StudyType.SEMINAR])
# 整改专题研讨: a 专题研讨 whose subject is rectification or self-examination.
_RECTIFICATION_SEMINAR = Q(type=StudyType.SEMINAR) & (Q(title__contains="整改") | Q(title__contains="检视"))

METRICS: list[Metric] = [
    # 检视整改
    Metric("problems.found", "查摆问题", GE, "problems", "problem", count(), description="记录的问题（全部状态）"),
    Metric("problems.listed", "列入清单问题", GE, "problems", "problem", count(_listed), description="不含已撤销"),
    Metric("problems.closed", "已销号问题", GE, "problems", "problem", count(_closed)),
    Metric("problems.closed_on_time", "按期销号问题", GE, "problems", "problem", count(_closed_on_time),
           description="在整改时限当日或之前销号（无时限的视为按期）"),
    Metric("problems.open", "未销号问题", GE, "problems", "problem",
           count(Q(status__in=[S.PENDING, S.IN_PROGRESS, S.REVIEW]))),
    Metric("problems.pending", "待认领问题", GE, "problems", "problem", count(Q(status=S.PENDING))),
    Metric("problems.in_progress", "整改中问题", GE, "problems", "problem", count(Q(status=S.IN_PROGRESS))),
    Metric("problems.review", "待审核问题", GE, "problems", "problem", count(Q(status=S.REVIEW))),
    Metric("problems.withdrawn", "已撤销问题", GE, "problems", "problem", count(Q(status=S.WITHDRAWN))),
    Metric("problems.close_rate", "整改率", PERCENT, "problems", ratio=("problems.closed", "problems.listed"),
           decimals=1, description="已销号 / 列入清单"),
    Metric("problems.on_time_rate", "按期整改率", PERCENT, "problems",
           ratio=("problems.closed_on_time", "problems.closed"), decimals=1, description="按期销号 / 已销号"),
    Metric("problems.overdue", "逾期问题", GE, "problems", "problem", count(lambda c: lights.overdue_q(c.on))),
    Metric("problems.due_soon", "临期问题", GE, "problems", "problem",
           count(lambda c: lights.due_soon_q(c.due_soon_days, c.on))),
    Metric("problems.red", "红灯", GE, "problems", "problem",
           count(lambda c: lights.light_q(lights.RED, c.due_soon_days, c.on))),
    Metric("problems.yellow", "黄灯", GE, "problems", "problem",
           count(lambda c: lights.light_q(lights.YELLOW, c.due_soon_days, c.on))),
    Metric("problems.green", "绿灯", GE, "problems", "problem",
           count(lambda c: lights.light_q(lights.GREEN, c.due_soon_days, c.on))),
    Metric("problems.immediate", "立行立改问题", GE, "problems", "problem",
           count(_listed & Q(kind=RectificationKind.IMMEDIATE))),
    Metric("problems.long_term", "长期坚持问题", GE, "problems", "problem",
           count(_listed & Q(kind=RectificationKind.LONG_TERM))),
    Metric("problems.returned", "销号被退回问题", GE, "problems", "closure",
           count(Q(decision=ClosureDecision.RETURNED), field="problem_id", distinct=True),
           description="至少一次销号申请被退回的问题", records=lambda c: _problem_has("ClosureRequest", decision=ClosureDecision.RETURNED)),
    Metric("problems.closed_no_evidence", "销号无佐证材料问题", GE, "problems", "problem", count(_no_evidence),
           description="已销号但销号申请和整改进展中均未上传佐证材料的问题"),
    Metric("problems.reopened", "回头看反弹问题", GE, "problems", "lookback",
           count(Q(verdict=LookBackVerdict.REBOUND), field="problem_id", distinct=True),
           description="回头看结论为反弹而重新整改的问题",
           records=lambda c: _problem_has("LookBack", verdict=LookBackVerdict.REBOUND)),
    Metric("problems.looked_back", "回头看问题", GE, "problems", "lookback",
           count(field="problem_id", distinct=True), description="开展过“回头看”的问题",
           records=lambda c: _problem_has("LookBack")),
    Metric("measures.total", "整改措施", XIANG, "measures", "measure", count()),
    Metric("measures.done", "已完成措施", XIANG, "measures", "measure", count(Q(status=MeasureStatus.DONE))),
    Metric("measures.done_rate", "措施完成率", PERCENT, "measures", ratio=("measures.done", "measures.total"),
           decimals=1),
    # 调查研究
    Metric("research.topics", "调研课题", GE, "research", "topic", count()),
    Metric("research.visits", "调研次数", CI, "research", "visit", count(Q(status=VisitStatus.DONE)),
           description="已开展的调研走访"),
    Metric("research.reports", "形成调研报告", GE, "research", "topic",
           count(Q(status__in=[TopicStatus.REPORTED, TopicStatus.TRANSFORMING, TopicStatus.DONE]))),
    Metric("research.problems_found", "调研发现问题", GE, "research", "problem", count(Q(source="research")),
           description="来源为「调研发现」的问题"),
    Metric("research.solved_on_site", "现场解决问题", GE, "research", "visit", total("solved_count")),
    Metric("research.transformations", "成果转化事项", XIANG, "research", "transformation", count()),
    Metric("research.transformed", "已完成转化事项", XIANG, "research", "transformation",
           count(Q(status=TransformationStatus.DONE))),
    # 理论学习
    Metric("study.sessions", "学习", CI, "study", "study", count()),
    *[Metric(f"study.sessions.{t.value}", str(t.label), QI if t == StudyType.READING_CLASS else CI, "study", "study",
             count(Q(type=t.value))) for t in StudyType],
    Metric("study.attendance", "参学", RENCI, "study", "study", total("attendance")),
    Metric("study.meetings", "例会集中学习", CI, "study", "study", count(_MEETING_STUDY),
           description="党委（党组）会议“第一议题”学习和理论学习中心组学习"),
    Metric("study.branch", "党支部集体学习", CI, "study", "study", count(_BRANCH_STUDY),
           description="党支部（党总支、村社区党组织）开展的集体学习（不含自学、知识测试），以及三会一课、主题党日"),
    Metric("study.exchanges", "交流研讨", CI, "study", "study", count(Q(speakers__gt=0)),
           description="有交流发言的学习活动"),
    Metric("study.rectification_seminars", "整改专题研讨", CI, "study", "study", count(_RECTIFICATION_SEMINAR),
           description="主题含“整改”或“检视”的专题研讨"),
    Metric("study.classes.speakers", "研讨交流发言", RENCI, "study", "study", total("speakers", _CLASSES),
           description="读书班和专题研讨中的交流发言人次"),
    Metric("study.speakers", "研讨发言", RENCI, "study", "study", total("speakers")),
    Metric("study.days", "学习天数", TIAN, "study", "study", total("days")),
    Metric("study.reading_class.attendance", "读书班参学", RENCI, "study", "study",
           total("attendance", Q(type=StudyType.READING_CLASS))),
    Metric("study.reading_class.days", "读书班天数", TIAN, "study", "study",
           total("days", Q(type=StudyType.READING_CLASS))),
    Metric("study.seminar.speakers", "专题研讨发言", RENCI, "study", "study",
           total("speakers", Q(type=StudyType.SEMINAR))),
    Metric("study.party_lecture.attendance", "专题党课听课", RENCI, "study", "study",
           total("attendance", Q(type=StudyType.PARTY_LECTURE))),
    # 为民办实事
    Metric("matters.total", "为民办实事", XIANG, "matters", "matter", count()),
    Metric("matters.done", "已办结实事", XIANG, "matters", "matter", count(Q(status=MatterStatus.DONE))),
    Metric("matters.beneficiaries", "惠及群众", RENCI, "matters", "matter", total("beneficiaries")),
    Metric("matters.money", "投入资金", WANYUAN, "matters", "matter", total("money"), decimals=2),
    # 建章立制
    Metric("institutions.total", "制度", XIANG, "institutions", "institution", count()),
    Metric("institutions.new", "新建制度", XIANG, "institutions", "institution", count(Q(kind=InstitutionKind.NEW))),
    Metric("institutions.revised", "完善制度", XIANG, "institutions", "institution", count(Q(kind=InstitutionKind.REVISED))),
    Metric("institutions.abolished", "废止制度", XIANG, "institutions", "institution", count(Q(kind=InstitutionKind.ABOLISHED))),
    # 督导
    Metric("slips.total", "督办单", FEN, "slips", "slip", count(), description="本单位及下级收到的督办单"),
    *[Metric(f"slips.{kind}", label, FEN, "slips", "slip", count(Q(kind=kind))) for kind, label in SLIP_KINDS],
    Metric("slips.open", "未办结督办单", FEN, "slips", "slip", count(~Q(status="closed"))),
    # 征求意见
    Metric("opinions.collected", "征求意见建议", TIAO, "opinions", "opinion", count(),
           description="各渠道收集的意见建议（含合并的重复意见）"),
    *[Metric(f"opinions.collected.{c.value}", f"{c.label}意见建议", TIAO, "opinions", "opinion",
             count(Q(channel=c.value))) for c in Channel],
    Metric("opinions.forums", "座谈会", CHANG, "opinions", "opinion_meeting",
           unlisted(total("sessions", Q(kind=MeetingKind.FORUM)))),
    Metric("opinions.forum_attendance", "座谈会参加", RENCI, "opinions", "opinion_meeting",
           unlisted(total("attendance", Q(kind=MeetingKind.FORUM)))),
    Metric("opinions.talks", "个别谈话", CI, "opinions", "opinion_meeting", unlisted(total("sessions", Q(kind=MeetingKind.TALK)))),
    Metric("opinions.talk_people", "个别谈话", RENCI, "opinions", "opinion_meeting",
           unlisted(total("attendance", Q(kind=MeetingKind.TALK)))),
    Metric("opinions.letters_sent", "发放征求意见函", FEN, "opinions", "opinion_letter", unlisted(count())),
    Metric("opinions.letters_answered", "反馈征求意见函", FEN, "opinions", "opinion_letter",
           unlisted(count(Q(answered_at__isnull=False)))),
    Metric("opinions.to_problems", "意见建议列入问题清单", TIAO, "opinions", "opinion", count(Q(problem__isnull=False)),
           description="列入问题清单的意见建议（含合并到同一问题的意见）"),
    Metric("opinions.to_matters", "意见建议转为民办实事", TIAO, "opinions", "opinion", count(Q(matter__isnull=False))),
    Metric("opinions.replied", "已答复意见建议", TIAO, "opinions", "opinion", count(Q(replied_at__isnull=False)),
           description="提交人凭查询码可看到审定答复的意见建议"),
    Metric("opinions.ratings", "群众评价", RENCI, "opinions", "opinion_rating", unlisted(count()),
           description="提交人评价和回头看走访评价"),
    Metric("opinions.ratings_satisfied", "满意和基本满意评价", RENCI, "opinions", "opinion_rating",
           unlisted(count(Q(value__in=[Rating.SATISFIED, Rating.BASIC])))),
    Metric("opinions.ratings_unsatisfied", "不满意评价", RENCI, "opinions", "opinion_rating",
           unlisted(count(Q(value=Rating.UNSATISFIED)))),
    Metric("opinions.satisfaction_rate", "群众满意度", PERCENT, "opinions",
           ratio=("opinions.ratings_satisfied", "opinions.ratings"), decimals=1,
           description="（满意 + 基本满意）/ 全部评价"),
]

CATALOGUE: dict[str, Metric] = {m.key: m for m in METRICS}
KEYS: tuple[str, ...] = tuple(CATALOGUE)
ADDITIVE_KEYS: tuple[str, ...] = tuple(k for k, m in CATALOGUE.items() if m.additive)

# The figures of a typical stage summary (阶段性总结), each a catalogue key.
SUMMARY_FIGURES: list[tuple[str, str]] = [
    ("学习 {} 次", "study.sessions"),
    ("例会集中学习 {} 次", "study.meetings"),
    ("党支部集体学习 {} 次", "study.branch"),
    ("读书班 {} 期", "study.sessions.reading_class"),
    ("参学 {} 人次", "study.reading_class.attendance"),
    ("研讨交流发言 {} 人次", "study.classes.speakers"),
    ("交流研讨 {} 次", "study.exchanges"),
    ("查摆问题 {} 个", "problems.found"),
    ("列入清单 {} 个", "problems.listed"),
    ("整改率 {}%", "problems.close_rate"),
    ("措施 {} 项", "measures.total"),
    ("已完成 {} 项", "measures.done"),
    ("整改专题研讨 {} 次", "study.rectification_seminars"),
    ("完善制度 {} 项", "institutions.revised"),
    ("新建制度 {} 项", "institutions.new"),
]

GROUP_LABELS = {"problems": "检视整改", "measures": "整改措施", "research": "调查研究", "study": "理论学习",
                "matters": "为民办实事", "institutions": "建章立制",
                "slips": "督导", "opinions": "征求意见"}


def records_key(key: str) -> str | None:
    """The key whose records a figure lists: itself, a rate's numerator, or None when no condition on records
    expresses it."""
    m = CATALOGUE.get(key)
    if m is None:
        return None
    if m.ratio is not None:
        return records_key(m.ratio[0])
    return key if (m.records is not None or hasattr(m.aggregate, "where")) else None


def record_source(key: str) -> str | None:
    """The source (SOURCES) of the records figure `key` lists: a problem figure counted over closure requests
    or 回头看 lists the problems."""
    key = records_key(key)
    if key is None:
        return None
    m = CATALOGUE[key]
    return "problem" if m.records is not None else m.source


def record_q(key: str, ctx: Ctx) -> Q | None:
    """The condition on the records of `record_source(key)` that selects exactly those figure `key` counts (or,
    for a sum, the records it adds up) — the filter behind `?metric=KEY` on a list, its export and the API — or
    None when there is none. A rate lists the records of its numerator."""
    key = records_key(key)
    if key is None:
        return None
    m = CATALOGUE[key]
    return m.records(ctx) if m.records is not None else m.aggregate.where(ctx)


def source_keys(source: str) -> list[str]:
    """The figures whose records are of `source` (the choices of a list's `metric` filter)."""
    return [k for k in KEYS if records_key(k) == k and record_source(k) == source]


def metric(key: str) -> Metric:
    from taizhang.core.exceptions import ValidationFailed

    m = CATALOGUE.get(key)
    if m is None:
        raise ValidationFailed(f"统计指标「{key}」不存在", field="keys")
    return m


def parse_keys(text: str | list | None) -> list[str] | None:
    """"k1,k2" (or a list) → checked keys; None/empty → the whole catalogue (None)."""
    if not text:
        return None
    items = text if isinstance(text, list) else text.split(",")
    keys = [k.strip() for k in items if k.strip()]
    for k in keys:
        metric(k)
    return keys or None


# The figures that count problems, each with the list of its records (ledger ?metric=KEY).
LINKED_KEYS: tuple[str, ...] = tuple(source_keys("problem"))

"""All writes of the research workstream: topics, their lifecycle, visits, reports and transformations."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from taizhang.audit.services import (
    assign_fields,
    audit_record,
    diff_fields,
    record_create,
    record_update,
    snapshot,
)
from taizhang.audit.versioning import save_versioned
from taizhang.core.exceptions import PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.core.uploads import check_upload
from taizhang.core.validation import full_clean_or_raise
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, require_action
from taizhang.research.models import (
    ResearchTopic,
    ResearchVisit,
    TopicStatus,
    Transformation,
    TransformationStatus,
    VisitStatus,
)
from taizhang.workflow import Lifecycle, Step, Transition, holds, transition_apply

TOPIC_FIELDS = ["title", "direction", "rationale", "lead_leader", "lead_leader_name", "member_names",
                "planned_start", "planned_end", "planned_sites"]
VISIT_FIELDS = ["leader", "leader_name", "start_date", "end_date", "site_unit", "site_place", "method",
                "participants", "participant_count", "people_met", "people_met_count", "needs_collected",
                "solved_on_site", "solved_count", "status"]


def _check_window(start, end, field: str) -> None:
    if start and end and end < start:
        raise ValidationFailed(f"结束日期 {end:%Y-%m-%d} 早于开始日期 {start:%Y-%m-%d}", field=field)


# --- topics ----------------------------------------------------------------------------------------

def _transformations_done(step: Step) -> None:
    open_items = step.obj.transformations.exclude(status=TransformationStatus.DONE).count()
    if open_items:
        raise TransitionRefused(f"还有 {open_items} 项成果转化事项未完成")


def _has_transformations(step: Step) -> None:
    if not step.obj.transformations.exists():
        raise TransitionRefused("请先登记至少一项成果转化事项")


def _has_visit_and_report(step: Step) -> None:
    topic = step.obj
    if not topic.visits.exists():
        raise TransitionRefused("请先登记至少一次调研走访")
    if not (topic.report_abstract.strip() or topic.report_file):
        raise TransitionRefused("请先上传调研报告或填写报告摘要")


def _has_leader(step: Step) -> None:
    if not (step.obj.lead_leader_id or step.obj.lead_leader_name):
        raise TransitionRefused("请先确定领题人")


def _is_open(step: Step) -> None:
    if not step.obj.is_open:
        raise TransitionRefused("该课题已有领题人，不能再揭榜")


def _taken_by_actor(step: Step) -> None:
    step.set(lead_leader=step.who, lead_leader_name=str(step.actor))


# 拟定 → 已领题 (assign: the office names the leader; take: 揭榜领题, a leader takes an open topic) → 调研中
# → 已形成报告 → 成果转化中 → 已完成.
TOPIC = Lifecycle(model=ResearchTopic, noun="调研课题", transitions=[
    Transition("assign", "确定领题人", (TopicStatus.PROPOSED,), TopicStatus.TAKEN, holds(P.CHANGE),
               guards=(_has_leader,)),
    Transition("take", "揭榜领题", (TopicStatus.PROPOSED,), TopicStatus.TAKEN, holds(P.LEAD), guards=(_is_open,),
               effects=(_taken_by_actor,)),
    Transition("start", "开始调研", (TopicStatus.TAKEN,), TopicStatus.RESEARCHING, holds(P.CHANGE, P.LEAD)),
    Transition("report", "形成报告", (TopicStatus.RESEARCHING,), TopicStatus.REPORTED, holds(P.CHANGE, P.LEAD),
               guards=(_has_visit_and_report,)),
    Transition("transform", "进入成果转化", (TopicStatus.REPORTED,), TopicStatus.TRANSFORMING,
               holds(P.CHANGE, P.LEAD), guards=(_has_transformations,)),
    Transition("complete", "完成", (TopicStatus.TRANSFORMING,), TopicStatus.DONE, holds(P.CHANGE, P.LEAD),
               guards=(_transformations_done,)),
])
# The steps of the topic page's buttons and action route; 揭榜 (take) has its own page and route (topic_take).
TOPIC_TRANSITIONS = {action: t for action, t in TOPIC.transitions.items() if action != "take"}


@transaction.atomic
def topic_create(*, actor, campaign, unit, title: str, direction: str = "", rationale: str = "",
                 lead_leader=None, lead_leader_name: str = "", member_names: str = "",
                 planned_start: date | None = None, planned_end: date | None = None,
                 planned_sites: str = "", members=()) -> ResearchTopic:
    """Propose a topic. Without a leader it is open for leaders to take (揭榜领题)."""
    require_action(actor, unit, P.CREATE, message="您没有权限在该单位登记调研课题")
    _check_window(planned_start, planned_end, "planned_end")
    topic = ResearchTopic(campaign=campaign, unit=unit, title=(title or "").strip(), direction=direction,
                          rationale=rationale, lead_leader=lead_leader,
                          lead_leader_name=lead_leader_name or (str(lead_leader) if lead_leader else ""),
                          member_names=member_names, planned_start=planned_start, planned_end=planned_end,
                          planned_sites=planned_sites, created_by=actor if getattr(actor, "pk", None) else None)
    record_create(actor=actor, obj=topic, tracked=TOPIC_FIELDS, action="researchtopic.create")
    if members:
        topic.members.set(members)
    return topic


@transaction.atomic
def topic_update(*, actor, topic: ResearchTopic, expected_version: int | None, **fields) -> ResearchTopic:
    require_action(actor, topic.unit, P.CHANGE, message="您没有权限修改该调研课题")
    before = assign_fields(topic, fields, allowed=TOPIC_FIELDS)
    if topic.lead_leader_id and not topic.lead_leader_name:
        topic.lead_leader_name = str(topic.lead_leader)
    _check_window(topic.planned_start, topic.planned_end, "planned_end")
    full_clean_or_raise(topic)
    record_update(actor=actor, obj=topic, before=before, tracked=TOPIC_FIELDS, expected_version=expected_version,
                  fields=[*fields, "lead_leader_name"], action="researchtopic.update")
    return topic


def topic_take(*, actor, topic: ResearchTopic, expected_version: int | None) -> ResearchTopic:
    """揭榜领题: a leader over the topic's unit takes an open topic and becomes its 领题人."""
    return transition_apply(topic, "take", actor=actor, expected_version=expected_version)


def topic_transition(*, actor, topic: ResearchTopic, action: str, expected_version: int | None,
                     reason: str = "") -> ResearchTopic:
    return transition_apply(topic, action, actor=actor, expected_version=expected_version, reason=reason)


@transaction.atomic
def topic_report(*, actor, topic: ResearchTopic, expected_version: int | None, abstract: str,
                 upload=None) -> ResearchTopic:
    """Attach the research report (file and/or abstract)."""
    if not any(has_action(actor, a, topic.unit) for a in (P.CHANGE, P.LEAD)) and actor is not None:
        raise PermissionDenied("您没有权限上传该课题的调研报告")
    if topic.status in (TopicStatus.PROPOSED, TopicStatus.TAKEN):
        raise ValidationFailed("课题尚未开始调研，不能上传调研报告")
    fields = ["report_abstract"]
    topic.report_abstract = (abstract or "").strip()
    if upload is not None:
        check_upload(upload, field="report_file", extensions=("pdf", "ofd", "doc", "docx", "wps", "txt"))
        topic.report_file.save(upload.name, upload, save=False)
        fields.append("report_file")
    if not topic.report_abstract and not topic.report_file:
        raise ValidationFailed("请上传调研报告或填写报告摘要", field="report_abstract")
    save_versioned(topic, expected_version=expected_version, fields=fields)
    audit_record(actor=actor, action="researchtopic.report", obj=topic,
                 changes={"report_abstract": topic.report_abstract[:200], "report_file": topic.report_file.name})
    return topic


@transaction.atomic
def topic_grade(*, actor, topic: ResearchTopic, expected_version: int | None, grade: str = "",
                score: Decimal | None = None) -> ResearchTopic:
    """成果交流会 evaluation by the office: a grade (优秀/良好/一般) and/or a score out of 100."""
    require_action(actor, topic.unit, P.REVIEW, message="只有主题教育办公室可以评定调研成果")
    if topic.status not in (TopicStatus.REPORTED, TopicStatus.TRANSFORMING, TopicStatus.DONE):
        raise ValidationFailed("课题形成报告后才能评定成果")
    if not grade and score is None:
        raise ValidationFailed("请选择评定等次或填写得分", field="exchange_grade")
    if score is not None and not (Decimal(0) <= score <= Decimal(100)):
        raise ValidationFailed(f"得分 {score} 应在 0 到 100 之间", field="exchange_score")
    before = snapshot(topic, ["exchange_grade", "exchange_score"])
    topic.exchange_grade, topic.exchange_score = grade or "", score
    full_clean_or_raise(topic)
    save_versioned(topic, expected_version=expected_version, fields=["exchange_grade", "exchange_score"])
    audit_record(actor=actor, action="researchtopic.grade", obj=topic,
                 changes=diff_fields(before, snapshot(topic, ["exchange_grade", "exchange_score"])))
    return topic


# --- visits ----------------------------------------------------------------------------------------

def site_key(site_unit, site_place: str) -> str:
    if site_unit is not None:
        return f"u:{site_unit.pk}"
    return "p:" + "".join((site_place or "").split())[:200]


def visit_clusters_for(*, campaign, site_unit, site_place: str, start_date: date, end_date: date | None = None,
                       leader=None, leader_name: str = "", exclude_pk: int | None = None) -> list[ResearchVisit]:
    """Visits by *other* leaders at the same site within the campaign's window (避免扎堆调研).

    Two visits cluster when their date ranges, each widened by `visit_window_days`, overlap. The check
    runs over the whole campaign, not the planner's scope: coordinating leaders is its purpose, and the
    page shows only the date, the leader and the unit of a clashing visit.
    """
    window = timedelta(days=campaign.visit_window_days)
    end_date = end_date or start_date
    qs = (ResearchVisit.objects.filter(campaign=campaign, site_key=site_key(site_unit, site_place),
                                       start_date__lte=end_date + window, end_date__gte=start_date - window)
          .select_related("leader", "unit", "site_unit"))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if leader is not None:
        qs = qs.exclude(leader=leader)
    elif leader_name:
        qs = qs.exclude(Q(leader__isnull=True) & Q(leader_name=leader_name))
    return list(qs.order_by("start_date", "id")[:20])


def _visit_clean(visit: ResearchVisit) -> None:
    if not visit.site_unit_id and not (visit.site_place or "").strip():
        raise ValidationFailed("请选择调研单位或填写调研地点", field="site_place")
    _check_window(visit.start_date, visit.end_date, "end_date")
    methods = dict(visit.campaign.code_choices("research_method"))
    if visit.method not in methods:
        raise ValidationFailed(f"调研方式「{visit.method}」不在本专项工作的调研方式代码表中", field="method")
    visit.site_key = site_key(visit.site_unit, visit.site_place)


@transaction.atomic
def visit_create(*, actor, topic: ResearchTopic, start_date: date, end_date: date | None = None,
                 method: str, site_unit=None, site_place: str = "", leader=None, leader_name: str = "",
                 status: str = VisitStatus.PLANNED, participants: str = "", participant_count: int = 0,
                 people_met: str = "", people_met_count: int = 0, needs_collected: str = "",
                 solved_on_site: str = "", solved_count: int = 0, confirm_cluster: bool = False) -> ResearchVisit:
    """Plan or record a visit. A visit clustering with other leaders' visits is refused unless the
    planner confirms having seen them (`confirm_cluster`)."""
    require_action(actor, topic.unit, P.CREATE, P.LEAD, message="您没有权限为该课题登记调研走访")
    if topic.status in (TopicStatus.PROPOSED, TopicStatus.DONE):
        raise ValidationFailed(f"课题状态为「{topic.get_status_display()}」，不能登记调研走访")
    leader = leader or topic.lead_leader
    visit = ResearchVisit(topic=topic, unit=topic.unit, campaign=topic.campaign, leader=leader,
                          leader_name=leader_name or (str(leader) if leader else topic.lead_leader_name),
                          start_date=start_date, end_date=end_date or start_date, method=method,
                          site_unit=site_unit, site_place=(site_place or "").strip(), status=status,
                          participants=participants, participant_count=participant_count or 0,
                          people_met=people_met, people_met_count=people_met_count or 0,
                          needs_collected=needs_collected, solved_on_site=solved_on_site,
                          solved_count=solved_count or 0, created_by=actor if getattr(actor, "pk", None) else None)
    _visit_clean(visit)
    full_clean_or_raise(visit)
    if not confirm_cluster:
        clashes = visit_clusters_for(campaign=topic.campaign, site_unit=site_unit, site_place=visit.site_place,
                                     start_date=visit.start_date, end_date=visit.end_date, leader=leader,
                                     leader_name=visit.leader_name)
        if clashes:
            raise VisitClusterWarning(clashes)
    visit.save()
    audit_record(actor=actor, action="researchvisit.create", obj=visit, changes=snapshot(visit, VISIT_FIELDS))
    return visit


class VisitClusterWarning(ValidationFailed):
    """The planned visit clusters with others; the planner must confirm to save it anyway."""

    def __init__(self, visits: list[ResearchVisit]):
        super().__init__(f"同一地点在前后时间内已有 {len(visits)} 次其他领导的调研安排，请确认后再保存",
                         field="confirm_cluster")
        self.visits = visits


@transaction.atomic
def visit_update(*, actor, visit: ResearchVisit, expected_version: int | None, **fields) -> ResearchVisit:
    """Edit a visit, typically to record what happened (人员、需求、现场解决) and mark it 已开展."""
    require_action(actor, visit.unit, P.CHANGE, P.LEAD, message="您没有权限修改该调研走访")
    before = assign_fields(visit, fields, allowed=VISIT_FIELDS)
    _visit_clean(visit)
    full_clean_or_raise(visit)
    record_update(actor=actor, obj=visit, before=before, tracked=VISIT_FIELDS, expected_version=expected_version,
                  fields=[*fields, "site_key"], action="researchvisit.update")
    return visit


# --- transformations -------------------------------------------------------------------------------

def _completed_today(step: Step) -> None:
    step.set(completed_at=timezone.localdate(step.at))


TRANSFORMATION = Lifecycle(model=Transformation, noun="成果转化事项", transitions=[
    Transition("begin", "开始推进", (TransformationStatus.PENDING,), TransformationStatus.IN_PROGRESS,
               holds(P.CHANGE, P.LEAD)),
    Transition("finish", "标记完成", (TransformationStatus.PENDING, TransformationStatus.IN_PROGRESS),
               TransformationStatus.DONE, holds(P.CHANGE, P.LEAD), effects=(_completed_today,)),
])
TRANSFORMATION_TRANSITIONS = TRANSFORMATION.transitions


@transaction.atomic
def transformation_create(*, actor, topic: ResearchTopic, kind: str, title: str, responsible: str = "",
                          deadline: date | None = None) -> Transformation:
    require_action(actor, topic.unit, P.CREATE, P.LEAD, message="您没有权限为该课题登记成果转化事项")
    if topic.status not in (TopicStatus.RESEARCHING, TopicStatus.REPORTED, TopicStatus.TRANSFORMING):
        raise ValidationFailed(f"课题状态为「{topic.get_status_display()}」，不能登记成果转化事项")
    item = Transformation(topic=topic, unit=topic.unit, kind=kind, title=(title or "").strip(),
                          responsible=responsible, deadline=deadline)
    full_clean_or_raise(item)
    item.save()
    audit_record(actor=actor, action="transformation.create", obj=item,
                 changes=snapshot(item, ["kind", "title", "responsible", "deadline"]))
    return item


def transformation_transition(*, actor, item: Transformation, action: str,
                              expected_version: int | None) -> Transformation:
    return transition_apply(item, action, actor=actor, expected_version=expected_version)

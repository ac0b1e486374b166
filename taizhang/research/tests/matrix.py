"""Permission-matrix entries for the research routes."""

from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.research.models import TopicStatus
from taizhang.research.tests.factories import make_topic, make_visit
from taizhang.testing import Route, row_exists, row_has, row_missing, with_file

VIEWERS = ("county_office", "county_leader", "inspector", "province_office")
OUTSIDERS = ("outsider", "outsider_office")


def _topic(w):
    return {"pk": make_topic(w).pk}


def _researching(w):
    return {"pk": make_topic(w, status="researching").pk}


def _topic_at(w, status: str):
    """A K1 topic led by county_leader that has reached `status` through the services (ready_to_report:
    researching, with a visit and a report; ready_to_transform: reported, with a transformation; ready_to_complete: transforming, with its one transformation done)."""
    from taizhang.research import services

    if status in (TopicStatus.PROPOSED, TopicStatus.TAKEN, TopicStatus.RESEARCHING):
        return make_topic(w, status=status)
    topic = make_topic(w, status=TopicStatus.RESEARCHING)
    make_visit(w, topic)
    services.topic_report(actor=None, topic=topic, expected_version=None, abstract="调研报告摘要")
    if status == "ready_to_report":
        return topic
    services.topic_transition(actor=None, topic=topic, action="report", expected_version=None)
    if status == TopicStatus.REPORTED:
        return topic
    item = services.transformation_create(actor=None, topic=topic, kind="rule", title="建立调研成果转化制度")
    if status == "ready_to_transform":
        return topic
    services.topic_transition(actor=None, topic=topic, action="transform", expected_version=None)
    if status == "ready_to_complete":
        services.transformation_transition(actor=None, item=item, action="finish", expected_version=None)
    return topic


def _transformation(w):
    from taizhang.research import services

    topic = make_topic(w, status="researching")
    item = services.transformation_create(actor=None, topic=topic, kind="rule", title="建立调研成果转化制度")
    return {"pk": item.pk}


# action → (the topic status it starts from, the status it leads to)
TOPIC_STEPS = {
    "assign": (TopicStatus.PROPOSED, TopicStatus.TAKEN),
    "start": (TopicStatus.TAKEN, TopicStatus.RESEARCHING),
    "report": ("ready_to_report", TopicStatus.REPORTED),
    "transform": ("ready_to_transform", TopicStatus.TRANSFORMING),
    "complete": ("ready_to_complete", TopicStatus.DONE),
}


def _linked(w):
    """A visit with one problem linked to it (for the routes that take the link back)."""
    from taizhang.dossier.services import visit_link_problems

    visit, problem = make_visit(w), make_problem(w, "K1")
    visit_link_problems(actor=None, visit=visit, problems=[problem])
    return visit, problem


MATRIX = [
    Route("research:topic_list", allowed=VIEWERS + ("village_clerk",), denied=("sysadmin", "auditor")),
    Route("research:topic_open", allowed=("county_leader", "province_leader"), denied=("county_office", "sysadmin")),
    Route("research:topic_create", allowed=("county_office", "county_clerk"),
          denied=("inspector", "county_leader", "sysadmin")),
    Route("research:topic_create", method="post",
          data=lambda w: {"unit_code": "K1", "title": "基层减负调研", "direction": "作风建设"},
          allowed=("county_office", "county_clerk"), denied=("inspector", "sysadmin"), audit="researchtopic.create",
          effect=row_exists("research.ResearchTopic", unit__code="K1", title="基层减负调研")),
    Route("research:topic_detail", kwargs=_topic, allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk",)),
    Route("research:topic_report_file", kwargs=lambda w: {"pk": with_file(make_topic(w), "report_file").pk},
          allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk",)),
    Route("research:topic_edit", kwargs=_topic, allowed=("county_office", "county_clerk"),
          denied=OUTSIDERS + ("inspector", "county_leader")),
    Route("research:topic_edit", method="post", kwargs=_topic, allowed=("county_office", "county_clerk"),
          data=lambda w: {"title": "农村集体经济发展调研", "direction": "乡村振兴", "leader_username": "county_leader",
                          "planned_sites": "东村、南村", "version": make_topic(w).version},
          denied=OUTSIDERS + ("inspector", "county_leader"), audit="researchtopic.update",
          effect=row_has("research.ResearchTopic", title="农村集体经济发展调研", planned_sites="东村、南村")),
    Route("research:topic_take", method="post", kwargs=lambda w: {"pk": make_topic(w, leader=None).pk},
          allowed=("county_leader",), denied=OUTSIDERS + ("inspector", "county_office"), audit="researchtopic.take",
          effect=lambda w, sent: row_has("research.ResearchTopic", lead_leader=w.county_leader)(w, sent)),
    *[Route("research:topic_action", method="post", action=action,
            kwargs=lambda w, s=start: {"pk": _topic_at(w, s).pk}, allowed=("county_office", "county_leader"),
            denied=OUTSIDERS, audit=f"researchtopic.{action}", effect=row_has("research.ResearchTopic", status=end))
      for action, (start, end) in TOPIC_STEPS.items() if action != "assign"],
    Route("research:topic_action", method="post", action="assign", kwargs=_topic, allowed=("county_office",),
          denied=OUTSIDERS, audit="researchtopic.assign",
          effect=row_has("research.ResearchTopic", status=TopicStatus.TAKEN)),
    Route("research:topic_report", method="post", kwargs=_researching, data=lambda w: {"abstract": "报告摘要"},
          allowed=("county_office", "county_leader"), denied=OUTSIDERS, audit="researchtopic.report",
          effect=row_has("research.ResearchTopic", report_abstract="报告摘要")),
    Route("research:topic_grade", method="post", kwargs=lambda w: {"pk": _topic_at(w, TopicStatus.REPORTED).pk},
          data=lambda w: {"exchange_grade": "good"}, allowed=("county_office",),
          denied=OUTSIDERS + ("inspector", "county_clerk"), audit="researchtopic.grade",
          effect=row_has("research.ResearchTopic", exchange_grade="good")),
    Route("research:visit_create", kwargs=_researching, allowed=("county_office", "county_leader"),
          denied=OUTSIDERS + ("inspector",)),
    Route("research:visit_create", method="post", kwargs=_researching,
          data=lambda w: {"start_date": "2026-10-01", "status": "planned", "site_place": "东村", "method": "visit",
                          "participant_count": 3, "people_met_count": 10, "solved_count": 0},
          allowed=("county_office",), denied=OUTSIDERS, audit="researchvisit.create",
          effect=row_exists("research.ResearchVisit", site_place="东村", participant_count=3)),
    Route("research:visit_edit", kwargs=lambda w: {"pk": make_visit(w).pk}, allowed=("county_office", "county_leader"),
          denied=OUTSIDERS + ("inspector",)),
    Route("research:visit_edit", method="post", kwargs=lambda w: {"pk": make_visit(w).pk},
          data=lambda w: {"start_date": "2026-10-10", "status": "done", "site_unit_code": "V1", "method": "forum",
                          "participant_count": 4, "people_met_count": 25, "solved_count": 2,
                          "needs_collected": "村道破损", "version": 1},
          allowed=("county_office", "county_leader"), denied=OUTSIDERS + ("inspector",),
          audit="researchvisit.update",
          effect=row_has("research.ResearchVisit", people_met_count=25, needs_collected="村道破损")),
    Route("research:visit_detail", kwargs=lambda w: {"pk": make_visit(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("research:visit_problem_create", method="post", kwargs=lambda w: {"pk": make_visit(w).pk},
          data=lambda w: {"unit_code": "K1", "title": "村级事务办理流程繁琐", "category": "style"},
          allowed=("county_office", "county_clerk"), denied=OUTSIDERS + ("village_clerk",),
          audit="researchvisit.link_problems",
          effect=row_exists("ledger.Problem", title="村级事务办理流程繁琐", research_visits__isnull=False)),
    Route("research:visit_problem_link", method="post", kwargs=lambda w: {"pk": make_visit(w).pk},
          data=lambda w: {"number": make_problem(w, "K1").number}, allowed=("county_office",),
          denied=OUTSIDERS + ("village_clerk",), audit="researchvisit.link_problems",
          effect=lambda w, sent: row_exists("ledger.Problem", number=sent.data["number"],
                                            research_visits__pk=sent.kwargs["pk"])(w, sent)),
    Route("research:visit_problem_unlink", method="post",
          kwargs=lambda w: dict(zip(("pk", "problem_pk"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office",), denied=OUTSIDERS + ("village_clerk",), audit="researchvisit.unlink_problem",
          effect=lambda w, sent: row_missing("ledger.Problem", pk=sent.kwargs["problem_pk"],
                                             research_visits__pk=sent.kwargs["pk"])(w, sent)),
    Route("research:transformation_create", method="post", kwargs=_researching,
          data=lambda w: {"kind": "rule", "title": "建章立制"}, allowed=("county_office",), denied=OUTSIDERS,
          audit="transformation.create",
          effect=lambda w, sent: row_exists("research.Transformation", topic_id=sent.kwargs["pk"],
                                            title="建章立制")(w, sent)),
    Route("research:transformation_action", method="post", kwargs=_transformation, action="begin",
          allowed=("county_office",), denied=OUTSIDERS, audit="transformation.begin",
          effect=row_has("research.Transformation", status="in_progress")),
    Route("research:transformation_action", method="post", kwargs=_transformation, action="finish",
          allowed=("county_office",), denied=OUTSIDERS, audit="transformation.finish",
          effect=row_has("research.Transformation", status="done")),
    Route("research:visit_list", allowed=VIEWERS, denied=("sysadmin",)),
    Route("research:visit_list", query="metric=research.visits&unit=K1&status=done", allowed=("county_office",)),
    Route("research:transformation_list", allowed=VIEWERS, denied=("sysadmin",)),
    Route("research:transformation_list", query="metric=research.transformed&unit=K1", allowed=("county_office",)),
    Route("research:visit_clusters", allowed=("county_office", "province_office", "outsider_office"),
          denied=("county_clerk", "inspector", "sysadmin")),
    # API
    Route("api:topic_list", allowed=VIEWERS + ("outsider",)),
    Route("api:topic_detail", kwargs=lambda w: {"topic_id": make_topic(w).pk}, allowed=VIEWERS, denied=OUTSIDERS),
    *[Route("api:topic_action", method="post", action=action,
            kwargs=lambda w, s=start: {"topic_id": _topic_at(w, s).pk}, data=lambda w: {},
            content_type="application/json", version_of=("research.ResearchTopic", "topic_id"), allowed=("county_office",), denied=OUTSIDERS,
            audit=f"researchtopic.{action}", effect=row_has("research.ResearchTopic", "topic_id", status=end))
      for action, (start, end) in TOPIC_STEPS.items()],
    Route("api:topic_action", method="post", action="take", kwargs=lambda w: {"topic_id": make_topic(w, leader=None).pk},
          data=lambda w: {}, content_type="application/json", version_of=("research.ResearchTopic", "topic_id"), allowed=("county_leader",),
          denied=OUTSIDERS, audit="researchtopic.take",
          effect=lambda w, sent: row_has("research.ResearchTopic", "topic_id", lead_leader=w.county_leader)(w, sent)),
    Route("api:visit_list", allowed=VIEWERS),
    Route("api:visit_problems", method="post", kwargs=lambda w: {"visit_id": make_visit(w).pk},
          data=lambda w: {"unit": "K1", "title": "村级事务办理流程繁琐"}, content_type="application/json",
          allowed=("county_office", "province_office"), denied=OUTSIDERS, audit="researchvisit.link_problems",
          effect=lambda w, sent: row_exists("ledger.Problem", title="村级事务办理流程繁琐",
                                            research_visits__pk=sent.kwargs["visit_id"])(w, sent)),
    Route("api:visit_problem_unlink", method="delete",
          kwargs=lambda w: dict(zip(("visit_id", "problem_id"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office", "province_office"), denied=OUTSIDERS, audit="researchvisit.unlink_problem",
          effect=lambda w, sent: row_missing("ledger.Problem", pk=sent.kwargs["problem_id"],
                                             research_visits__pk=sent.kwargs["visit_id"])(w, sent)),
]

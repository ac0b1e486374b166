"""Permission-matrix entries for the research routes."""

from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.research.tests.factories import make_topic, make_visit
from taizhang.testing import Route

VIEWERS = ("county_office", "county_leader", "inspector", "province_office")
OUTSIDERS = ("outsider", "outsider_office")


def _topic(w):
    return {"pk": make_topic(w).pk}


def _researching(w):
    return {"pk": make_topic(w, status="researching").pk}


def _transformation(w):
    from taizhang.research import services

    topic = make_topic(w, status="researching")
    item = services.transformation_create(actor=None, topic=topic, kind="rule", title="建立调研成果转化制度")
    return {"pk": item.pk, "action": "finish"}


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
          allowed=("county_office", "county_clerk"), denied=("inspector", "sysadmin")),
    Route("research:topic_detail", kwargs=_topic, allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk",)),
    Route("research:topic_edit", kwargs=_topic, allowed=("county_office", "county_clerk"),
          denied=OUTSIDERS + ("inspector", "county_leader")),
    Route("research:topic_take", method="post", kwargs=lambda w: {"pk": make_topic(w, leader=None).pk},
          allowed=("county_leader",), denied=OUTSIDERS + ("inspector", "county_office")),
    Route("research:topic_action", method="post", kwargs=lambda w: {"pk": make_topic(w).pk, "action": "assign"},
          allowed=("county_office",), denied=OUTSIDERS),
    Route("research:topic_report", method="post", kwargs=_researching, data=lambda w: {"abstract": "报告摘要"},
          allowed=("county_office", "county_leader"), denied=OUTSIDERS),
    Route("research:topic_grade", method="post", kwargs=_researching, data=lambda w: {"exchange_grade": "good"},
          allowed=("county_office",), denied=OUTSIDERS + ("inspector", "county_clerk")),
    Route("research:visit_create", kwargs=_researching, allowed=("county_office", "county_leader"),
          denied=OUTSIDERS + ("inspector",)),
    Route("research:visit_create", method="post", kwargs=_researching,
          data=lambda w: {"start_date": "2026-10-01", "status": "planned", "site_place": "东村", "method": "visit",
                          "participant_count": 3, "people_met_count": 10, "solved_count": 0},
          allowed=("county_office",), denied=OUTSIDERS),
    Route("research:visit_edit", kwargs=lambda w: {"pk": make_visit(w).pk}, allowed=("county_office", "county_leader"),
          denied=OUTSIDERS + ("inspector",)),
    Route("research:visit_detail", kwargs=lambda w: {"pk": make_visit(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("research:visit_problem_create", method="post", kwargs=lambda w: {"pk": make_visit(w).pk},
          data=lambda w: {"unit_code": "K1", "title": "村级事务办理流程繁琐", "category": "style"},
          allowed=("county_office", "county_clerk"), denied=OUTSIDERS + ("village_clerk",)),
    Route("research:visit_problem_link", method="post", kwargs=lambda w: {"pk": make_visit(w).pk},
          data=lambda w: {"number": make_problem(w, "K1").number}, allowed=("county_office",),
          denied=OUTSIDERS + ("village_clerk",)),
    Route("research:visit_problem_unlink", method="post",
          kwargs=lambda w: dict(zip(("pk", "problem_pk"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office",), denied=OUTSIDERS + ("village_clerk",)),
    Route("research:transformation_create", method="post", kwargs=_researching,
          data=lambda w: {"kind": "rule", "title": "建章立制"}, allowed=("county_office",), denied=OUTSIDERS),
    Route("research:transformation_action", method="post", kwargs=_transformation,
          allowed=("county_office",), denied=OUTSIDERS),
    Route("research:visit_list", allowed=VIEWERS, denied=("sysadmin",)),
    Route("research:visit_clusters", allowed=("county_office", "province_office", "outsider_office"),
          denied=("county_clerk", "inspector", "sysadmin")),
    # API
    Route("api:topic_list", allowed=VIEWERS + ("outsider",)),
    Route("api:topic_detail", kwargs=lambda w: {"topic_id": make_topic(w).pk}, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:topic_action", method="post", kwargs=lambda w: {"topic_id": make_topic(w).pk, "action": "assign"},
          data=lambda w: {"version": 1}, content_type="application/json", allowed=("county_office",), denied=OUTSIDERS),
    Route("api:visit_list", allowed=VIEWERS),
    Route("api:visit_problems", method="post", kwargs=lambda w: {"visit_id": make_visit(w).pk},
          data=lambda w: {"unit": "K1", "title": "村级事务办理流程繁琐"}, content_type="application/json",
          allowed=("county_office", "province_office"), denied=OUTSIDERS),
    Route("api:visit_problem_unlink", method="delete",
          kwargs=lambda w: dict(zip(("visit_id", "problem_id"), (o.pk for o in _linked(w)), strict=True)),
          allowed=("county_office", "province_office"), denied=OUTSIDERS),
]

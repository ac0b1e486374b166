"""Test data for the research workstream, built through the services."""

from datetime import date

from taizhang.research import services
from taizhang.research.models import TopicStatus


def make_topic(w, unit="K1", *, leader="county_leader", status=TopicStatus.PROPOSED, title="农村集体经济调研"):
    lead = w.user(leader) if leader else None
    topic = services.topic_create(actor=None, campaign=w.campaign(), unit=w.unit(unit), title=title,
                                  direction="乡村振兴", lead_leader=lead)
    steps = {TopicStatus.PROPOSED: [], TopicStatus.TAKEN: ["assign"],
             TopicStatus.RESEARCHING: ["assign", "start"]}[status]
    for action in steps:
        services.topic_transition(actor=None, topic=topic, action=action, expected_version=None)
    return topic


def make_visit(w, topic=None, *, site="V1", day=date(2026, 10, 10), leader=None, confirm=True):
    topic = topic or make_topic(w, status=TopicStatus.RESEARCHING)
    return services.visit_create(actor=None, topic=topic, start_date=day, method="forum",
                                 site_unit=w.unit(site) if site else None, site_place="" if site else "东村文化礼堂",
                                 leader=leader, confirm_cluster=confirm)

"""拟定 → 已领题 → 调研中 → 已形成报告 → 成果转化中 → 已完成, and the steps that are refused."""

import pytest

from taizhang.audit.models import StatusChange
from taizhang.core.exceptions import Conflict, PermissionDenied, TransitionRefused
from taizhang.research import services
from taizhang.research.models import TopicStatus
from taizhang.research.tests.factories import make_topic, make_visit


def test_a_topic_walks_the_whole_lifecycle(world):
    office = world.county_office
    topic = make_topic(world)
    services.topic_transition(actor=office, topic=topic, action="assign", expected_version=topic.version)
    services.topic_transition(actor=world.county_leader, topic=topic, action="start", expected_version=topic.version)
    make_visit(world, topic)
    services.topic_report(actor=office, topic=topic, expected_version=None, abstract="调研发现三方面问题")
    services.topic_transition(actor=office, topic=topic, action="report", expected_version=None)
    item = services.transformation_create(actor=office, topic=topic, kind="rule", title="出台村级事务管理办法")
    services.topic_transition(actor=office, topic=topic, action="transform", expected_version=None)
    services.transformation_transition(actor=office, item=item, action="finish", expected_version=item.version)
    services.topic_transition(actor=office, topic=topic, action="complete", expected_version=None)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.DONE
    assert StatusChange.objects.filter(object_id=topic.pk, new_status=TopicStatus.DONE).exists()


def test_it_refuses_to_skip_a_step(world):
    topic = make_topic(world)
    with pytest.raises(TransitionRefused, match="当前状态为「拟定」"):
        services.topic_transition(actor=world.county_office, topic=topic, action="report", expected_version=None)


def test_it_refuses_a_report_without_visits(world):
    topic = make_topic(world, status="researching")
    with pytest.raises(TransitionRefused, match="调研走访"):
        services.topic_transition(actor=world.county_office, topic=topic, action="report", expected_version=None)


def test_it_refuses_completion_with_open_transformations(world):
    topic = make_topic(world, status="researching")
    make_visit(world, topic)
    services.topic_report(actor=None, topic=topic, expected_version=None, abstract="摘要")
    services.topic_transition(actor=None, topic=topic, action="report", expected_version=None)
    services.transformation_create(actor=None, topic=topic, kind="project", title="建设便民服务站")
    services.topic_transition(actor=None, topic=topic, action="transform", expected_version=None)
    with pytest.raises(TransitionRefused, match="1 项成果转化事项未完成"):
        services.topic_transition(actor=None, topic=topic, action="complete", expected_version=None)


def test_an_inspector_may_not_move_a_topic(world):
    topic = make_topic(world)
    with pytest.raises(PermissionDenied):
        services.topic_transition(actor=world.inspector, topic=topic, action="assign", expected_version=None)


def test_a_stale_version_is_a_conflict(world):
    topic = make_topic(world)
    with pytest.raises(Conflict):
        services.topic_transition(actor=world.county_office, topic=topic, action="assign",
                                  expected_version=topic.version + 5)


def test_a_leader_takes_an_open_topic(world):
    topic = make_topic(world, leader=None)
    assert topic.is_open
    services.topic_take(actor=world.county_leader, topic=topic, expected_version=topic.version)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.TAKEN and topic.lead_leader == world.county_leader


def test_a_taken_topic_cannot_be_taken_again(world):
    topic = make_topic(world, leader="county_leader")
    with pytest.raises(TransitionRefused):
        services.topic_take(actor=world.province_leader, topic=topic, expected_version=None)


def test_a_clerk_cannot_take_a_topic(world):
    topic = make_topic(world, leader=None)
    with pytest.raises(PermissionDenied):
        services.topic_take(actor=world.county_clerk, topic=topic, expected_version=None)


def test_the_open_list_shows_only_untaken_topics(login, world):
    open_topic = make_topic(world, leader=None, title="待揭榜课题")
    make_topic(world, title="已有领题人课题")
    body = login("county_leader").get("/research/open/").content.decode()
    assert open_topic.title in body and "已有领题人课题" not in body

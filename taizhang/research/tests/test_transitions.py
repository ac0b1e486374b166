"""Every transition of a research topic and of a transformation: what it changes and what it writes."""

import pytest
from django.utils import timezone

from taizhang.core.exceptions import PermissionDenied, TransitionRefused
from taizhang.research import services
from taizhang.research.models import ResearchTopic, TopicStatus, Transformation, TransformationStatus
from taizhang.research.tests.factories import make_topic, make_visit
from taizhang.workflow.tests.steps import Case, assert_step_written, status_changes


def _report_ready(w) -> ResearchTopic:
    topic = make_topic(w, status=TopicStatus.RESEARCHING)
    make_visit(w, topic)
    return services.topic_report(actor=None, topic=topic, expected_version=None, abstract="摘要")


def _reported(w) -> ResearchTopic:
    topic = _report_ready(w)
    return services.topic_transition(actor=None, topic=topic, action="report", expected_version=None)


def _transforming(w, *, done: bool = True) -> ResearchTopic:
    topic = _reported(w)
    item = services.transformation_create(actor=None, topic=topic, kind="rule", title="出台村级事务管理办法")
    services.topic_transition(actor=None, topic=topic, action="transform", expected_version=None)
    if done:
        services.transformation_transition(actor=None, item=item, action="finish", expected_version=None)
    return topic


def _reported_with_an_item(w) -> ResearchTopic:
    topic = _reported(w)
    services.transformation_create(actor=None, topic=topic, kind="project", title="建设便民服务站")
    return topic


TOPIC_CASES = [
    Case("assign", make_topic, "county_office", TopicStatus.PROPOSED, TopicStatus.TAKEN),
    Case("take", lambda w: make_topic(w, leader=None), "county_leader", TopicStatus.PROPOSED, TopicStatus.TAKEN),
    Case("start", lambda w: make_topic(w, status=TopicStatus.TAKEN), "county_leader", TopicStatus.TAKEN,
         TopicStatus.RESEARCHING),
    Case("report", _report_ready, "county_office", TopicStatus.RESEARCHING, TopicStatus.REPORTED),
    Case("transform", _reported_with_an_item, "county_leader", TopicStatus.REPORTED, TopicStatus.TRANSFORMING),
    Case("complete", _transforming, "county_office", TopicStatus.TRANSFORMING, TopicStatus.DONE),
]


def test_every_topic_transition_is_specified():
    assert [c.action for c in TOPIC_CASES] == list(services.TOPIC.transitions)


@pytest.mark.parametrize("case", TOPIC_CASES, ids=lambda c: c.action)
def test_a_topic_transition_moves_the_topic_and_writes_the_step(world, case):
    topic = case.build(world)
    actor = world.user(case.actor)
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert stored.status == case.old
    services.topic_transition(actor=actor, topic=stored, action=case.action, expected_version=stored.version)
    assert_step_written(topic, case, actor, topic.version)


def test_take_makes_the_leader_the_topics_leader(world):
    topic = make_topic(world, leader=None)
    returned = services.topic_take(actor=world.county_leader, topic=topic, expected_version=topic.version)
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert returned is topic and topic.status == stored.status == TopicStatus.TAKEN
    assert (stored.lead_leader, stored.lead_leader_name) == (world.county_leader, str(world.county_leader))
    assert status_changes(topic)[-1][0] == "take"


def test_a_topic_with_a_named_leader_is_not_open_to_take(world):
    topic = make_topic(world, leader="county_leader")
    with pytest.raises(TransitionRefused, match="该课题已有领题人"):
        services.topic_take(actor=world.province_leader, topic=topic, expected_version=None)
    assert ResearchTopic.objects.get(pk=topic.pk).lead_leader == world.county_leader


def test_assign_needs_a_leader(world):
    topic = make_topic(world, leader=None)
    with pytest.raises(TransitionRefused, match="请先确定领题人"):
        services.topic_transition(actor=world.county_office, topic=topic, action="assign", expected_version=None)


def test_report_needs_the_report_itself(world):
    topic = make_topic(world, status=TopicStatus.RESEARCHING)
    make_visit(world, topic)
    with pytest.raises(TransitionRefused, match="请先上传调研报告或填写报告摘要"):
        services.topic_transition(actor=world.county_office, topic=topic, action="report", expected_version=None)


def test_transform_needs_a_transformation(world):
    topic = _reported(world)
    with pytest.raises(TransitionRefused, match="请先登记至少一项成果转化事项"):
        services.topic_transition(actor=world.county_office, topic=topic, action="transform", expected_version=None)


def test_a_clerk_may_not_take_a_topic_and_an_outsider_cannot_see_it(world):
    from taizhang.core.exceptions import NotFound

    topic = make_topic(world, leader=None)
    with pytest.raises(PermissionDenied):
        services.topic_take(actor=world.county_clerk, topic=topic, expected_version=None)
    with pytest.raises(NotFound):
        services.topic_transition(actor=world.outsider, topic=topic, action="assign", expected_version=None)


# --- transformations --------------------------------------------------------------------------------------

def _item(w) -> Transformation:
    topic = make_topic(w, status=TopicStatus.RESEARCHING)
    return services.transformation_create(actor=None, topic=topic, kind="rule", title="出台村级事务管理办法")


def _begun(w) -> Transformation:
    return services.transformation_transition(actor=None, item=_item(w), action="begin", expected_version=None)


ITEM_CASES = [
    Case("begin", _item, "county_office", TransformationStatus.PENDING, TransformationStatus.IN_PROGRESS),
    Case("finish", _begun, "county_leader", TransformationStatus.IN_PROGRESS, TransformationStatus.DONE),
    Case("finish", _item, "county_office", TransformationStatus.PENDING, TransformationStatus.DONE),
]


def test_every_transformation_transition_is_specified():
    assert {c.action for c in ITEM_CASES} == set(services.TRANSFORMATION_TRANSITIONS)
    assert {(c.action, c.old) for c in ITEM_CASES} == {
        (t.action, s) for t in services.TRANSFORMATION_TRANSITIONS.values() for s in t.sources}


@pytest.mark.parametrize("case", ITEM_CASES, ids=lambda c: f"{c.action}-from-{c.old}")
def test_a_transformation_transition_moves_the_item_and_writes_the_step(world, case):
    item = case.build(world)
    actor = world.user(case.actor)
    version = item.version
    returned = services.transformation_transition(actor=actor, item=item, action=case.action,
                                                  expected_version=version)
    assert returned is item and item.status == case.new
    assert_step_written(item, case, actor, version)
    completed = Transformation.objects.get(pk=item.pk).completed_at
    assert completed == (timezone.localdate() if case.new == TransformationStatus.DONE else None)


def test_a_done_transformation_cannot_begin(world):
    item = services.transformation_transition(actor=None, item=_item(world), action="finish", expected_version=None)
    with pytest.raises(TransitionRefused, match="当前状态为「已完成」"):
        services.transformation_transition(actor=world.county_office, item=item, action="begin", expected_version=None)


def test_an_inspector_may_not_move_a_transformation(world):
    item = _item(world)
    with pytest.raises(PermissionDenied):
        services.transformation_transition(actor=world.inspector, item=item, action="finish", expected_version=None)
    assert Transformation.objects.get(pk=item.pk).status == TransformationStatus.PENDING

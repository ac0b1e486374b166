"""The lifecycle engine (taizhang.workflow.transition_apply): what every step of every record kind goes through.

The examples use real lifecycles — research transformations (pending → in progress → done), topics, problems
and matters — because the engine has no state of its own to test apart from them.
"""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

from taizhang.audit.models import AuditEvent, StatusChange
from taizhang.core.exceptions import Conflict, NotFound, PermissionDenied, TransitionRefused
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import ClosureDecision, Problem, ProblemStatus
from taizhang.ledger.tests import factories as F
from taizhang.matters.models import MatterStatus, PracticalMatter
from taizhang.matters.tests.factories import make_matter
from taizhang.research import services as research
from taizhang.research.models import ResearchTopic, TopicStatus, Transformation, TransformationStatus
from taizhang.research.tests.factories import make_topic
from taizhang.supervision.tests.factories import slip
from taizhang.workflow import LIFECYCLES, available, transition_apply
from taizhang.workflow.tests.steps import audit_actions, status_changes


def _item(world) -> Transformation:
    topic = make_topic(world, status=TopicStatus.RESEARCHING)
    return research.transformation_create(actor=None, topic=topic, kind="rule", title="出台村级事务管理办法")


# --- the row is locked and read again ---------------------------------------------------------------

def test_a_stale_object_is_refused_on_the_stored_status(world):
    item = _item(world)
    stale = Transformation.objects.get(pk=item.pk)
    transition_apply(item, "finish", actor=world.county_office)
    with pytest.raises(TransitionRefused, match="成果转化事项当前状态为「已完成」，不能开始推进"):
        transition_apply(stale, "begin", actor=world.county_office)
    assert status_changes(item) == [("finish", "pending", "done")]


def test_a_stale_object_is_moved_from_the_stored_status_and_brought_up_to_date(world):
    item = _item(world)
    stale = Transformation.objects.get(pk=item.pk)
    transition_apply(item, "begin", actor=world.county_office)
    returned = transition_apply(stale, "finish", actor=world.county_office)
    assert returned is stale
    assert (stale.status, stale.version, stale.completed_at) == ("done", 3, Transformation.objects.get(
        pk=item.pk).completed_at)
    assert status_changes(item) == [("begin", "pending", "in_progress"), ("finish", "in_progress", "done")]


def test_the_row_is_read_under_select_for_update(world, monkeypatch):
    item = _item(world)
    locked = []
    original = QuerySet.select_for_update

    def spy(self, *args, **kwargs):
        locked.append(self.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    transition_apply(item, "begin", actor=world.county_office)
    assert Transformation in locked


@pytest.mark.skipif(not connection.features.has_select_for_update, reason="SQLite locks the whole database")
def test_the_lock_reaches_the_database(world):
    item = _item(world)
    with CaptureQueriesContext(connection) as queries:
        transition_apply(item, "begin", actor=world.county_office)
    table = Transformation._meta.db_table
    assert any("FOR UPDATE" in q["sql"] and table in q["sql"] for q in queries.captured_queries)


# --- the checks, in order -----------------------------------------------------------------------------

def test_an_unknown_action_is_refused_with_the_choices(world):
    with pytest.raises(TransitionRefused, match="未知操作「approve」，可选：begin、finish"):
        transition_apply(_item(world), "approve", actor=world.county_office)


def test_an_action_may_be_spelled_with_a_hyphen_or_an_alias(world):
    p = problem_transition(actor=world.county_clerk, problem=F.with_progress(world), action="request-closure")
    assert p.status == ProblemStatus.REVIEW and status_changes(p)[-1][0] == "request_closure"
    s = slip(world)
    for action in ("sign", "reply"):
        transition_apply(s, action, actor=world.township_office, reply="已整改")
    transition_apply(s, "return", actor=world.county_office, reason="请补充佐证材料")
    assert s.status == "signed" and status_changes(s)[-1] == ("send_back", "replied", "signed")


def test_a_record_outside_the_actors_scope_does_not_exist_for_them(world):
    item = _item(world)
    with pytest.raises(NotFound, match="成果转化事项不存在或不在您的权限范围内"):
        transition_apply(item, "begin", actor=world.outsider)
    assert Transformation.objects.get(pk=item.pk).status == TransformationStatus.PENDING and not status_changes(item)


def test_a_visible_record_refuses_an_actor_who_may_not_take_the_step(world):
    item = _item(world)
    with pytest.raises(PermissionDenied, match="您没有对该成果转化事项执行「开始推进」的权限"):
        transition_apply(item, "begin", actor=world.inspector)
    assert not status_changes(item)


def test_a_stale_version_is_a_conflict_naming_who_changed_it(world):
    item = _item(world)
    loaded = item.version
    transition_apply(Transformation.objects.get(pk=item.pk), "begin", actor=world.county_office)
    with pytest.raises(Conflict, match="该记录已被 county_office 于 .* 修改"):
        transition_apply(item, "finish", actor=world.county_clerk, expected_version=loaded)
    assert Transformation.objects.get(pk=item.pk).status == TransformationStatus.IN_PROGRESS


def test_the_current_version_passes(world):
    item = _item(world)
    transition_apply(item, "begin", actor=world.county_office, expected_version=item.version)
    assert item.status == TransformationStatus.IN_PROGRESS and item.version == 2


def test_a_step_that_needs_a_reason_is_refused_without_one(world):
    p = F.problem(world)
    with pytest.raises(TransitionRefused, match="撤销须填写理由") as refused:
        problem_transition(actor=world.county_office, problem=p, action="withdraw", reason="  ")
    assert refused.value.field == "reason" and not status_changes(p)


def test_a_guard_refusal_writes_nothing(world):
    topic = make_topic(world, status=TopicStatus.RESEARCHING)
    events, version = audit_actions(topic), topic.version
    with pytest.raises(TransitionRefused, match="请先登记至少一次调研走访"):
        research.topic_transition(actor=world.county_office, topic=topic, action="report", expected_version=None)
    stored = ResearchTopic.objects.get(pk=topic.pk)
    assert (stored.status, stored.version) == (TopicStatus.RESEARCHING, version)
    assert audit_actions(topic) == events and [c[0] for c in status_changes(topic)] == ["assign", "start"]


def test_an_effect_that_refuses_rolls_the_step_back(world):
    matter = make_matter(world)
    with pytest.raises(PermissionDenied, match="您不能以「中县县委」的名义认领"):
        transition_apply(matter, "claim", actor=world.village_clerk, claimed_unit=world.unit("K2"))
    stored = PracticalMatter.objects.get(pk=matter.pk)
    assert (stored.status, stored.claimed_by) == (MatterStatus.COLLECTING, None) and not status_changes(matter)


def test_the_system_needs_no_scope_or_permission(world):
    item = _item(world)
    transition_apply(item, "begin", actor=None)
    assert item.status == TransformationStatus.IN_PROGRESS
    assert StatusChange.objects.get(object_id=item.pk, action="begin").actor is None


# --- what a step writes ------------------------------------------------------------------------------------

def test_a_step_writes_its_status_change_and_audit_event(world):
    p = F.problem(world)
    problem_transition(actor=world.county_office, problem=p, action="withdraw", reason="与 ZG-0001 重复")
    ct = ContentType.objects.get_for_model(Problem)
    change = StatusChange.objects.get(content_type=ct, object_id=p.pk)
    assert (change.action, change.old_status, change.new_status, change.actor, change.reason) == (
        "withdraw", "pending", "withdrawn", world.county_office, "与 ZG-0001 重复")
    event = AuditEvent.objects.filter(object_type="ledger.problem", object_id=str(p.pk)).latest("seq")
    assert (event.action, event.actor, event.unit_path) == ("problem.withdraw", world.county_office, p.unit.path)
    assert event.changes == {"status": ["pending", "withdrawn"], "reason": "与 ZG-0001 重复"}
    assert Problem.objects.get(pk=p.pk).version == p.version == 2


def test_effects_run_with_the_step(world):
    p = F.in_review(world)
    problem_transition(actor=world.county_office, problem=p, action="approve")
    stored = Problem.objects.get(pk=p.pk)
    assert stored.closed_at is not None and stored.closed_on is not None
    assert stored.closure_requests.get().decision == ClosureDecision.APPROVED
    assert stored.closure_requests.get().reviewer == world.county_office


def test_a_record_without_a_version_is_saved_plainly(world):
    from taizhang.supervision.models import InterviewSuggestion, SuggestionStatus
    from taizhang.supervision.services import suggestion_resolve

    suggestion = InterviewSuggestion.objects.create(campaign=world.campaign(), unit=world.unit("T1"),
                                                    date=date(2026, 11, 1), red_count=5, reason="红灯事项较多")
    suggestion_resolve(actor=world.county_office, suggestion=suggestion, reason="已约谈主要负责人")
    assert InterviewSuggestion.objects.get(pk=suggestion.pk).status == SuggestionStatus.DISMISSED
    assert audit_actions(suggestion) == ["interviewsuggestion.dismiss"]


# --- buttons ------------------------------------------------------------------------------------------------

def test_every_stateful_record_has_one_lifecycle():
    assert {m._meta.label for m in LIFECYCLES} == {
        "ledger.Problem", "supervision.SupervisionSlip", "supervision.InterviewSuggestion", "research.ResearchTopic",
        "research.Transformation", "matters.PracticalMatter"}


def test_available_lists_the_steps_a_user_may_take_now(world):
    open_topic = make_topic(world, leader=None)
    assert [t.action for t in available(open_topic, world.county_office)] == ["assign"]
    assert [t.action for t in available(open_topic, world.county_leader)] == ["take"]
    assert available(open_topic, world.inspector) == []
    s = slip(world)
    assert [t.action for t in available(s, world.township_office)] == ["sign"]
    assert available(s, world.inspector) == []
    assert [t.action for t in available(F.problem(world), world.county_office)] == ["accept", "withdraw"]
    assert [t.action for t in available(F.problem(world), world.county_clerk)] == ["accept"]
    assert [t.action for t in available(make_matter(world), world.member)] == ["claim"]

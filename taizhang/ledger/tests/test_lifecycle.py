"""The transition table of docs/design.md §4: every allowed and refused transition, with its guards."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType

from taizhang.audit.models import AuditEvent, StatusChange
from taizhang.core.exceptions import NotFound, PermissionDenied, TransitionRefused
from taizhang.ledger import services
from taizhang.ledger.lifecycle import TRANSITIONS, problem_transition
from taizhang.ledger.models import ClosureDecision, Problem, ProblemStatus, RectificationKind
from taizhang.ledger.tests import factories as F

S = ProblemStatus
# status → how to build a problem in it
BUILDERS = {
    S.PENDING: F.problem,
    S.IN_PROGRESS: F.with_progress,
    S.REVIEW: F.in_review,
    S.CLOSED: F.closed,
}


def _withdrawn(world):
    p = F.problem(world)
    return problem_transition(actor=world.county_office, problem=p, action="withdraw", reason="与 ZG-0001 重复")


BUILDERS[S.WITHDRAWN] = _withdrawn

ALLOWED = {(a, s) for a, t in TRANSITIONS.items() for s in t.sources}
ALL_PAIRS = [(a, s) for a in TRANSITIONS for s in S.values]


@pytest.mark.parametrize(("action", "status"), sorted(ALLOWED))
def test_allowed_transition_moves_to_its_target(world, action, status):
    p = BUILDERS[status](world)
    p = problem_transition(actor=world.county_office, problem=p, action=action, reason="理由充分")
    assert p.status == TRANSITIONS[action].target


@pytest.mark.parametrize(("action", "status"), sorted(set(ALL_PAIRS) - ALLOWED))
def test_transition_from_a_wrong_status_is_refused(world, action, status):
    p = BUILDERS[status](world)
    with pytest.raises(TransitionRefused, match="不能"):
        problem_transition(actor=world.county_office, problem=p, action=action, reason="理由")
    assert Problem.objects.get(pk=p.pk).status == status


def test_a_transition_writes_a_status_change_and_an_audit_event(world):
    p = F.problem(world)
    problem_transition(actor=world.county_office, problem=p, action="accept")
    sc = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Problem), object_id=p.pk).get()
    assert (sc.action, sc.old_status, sc.new_status, sc.actor) == ("accept", "pending", "in_progress",
                                                                    world.county_office)
    assert AuditEvent.objects.filter(action="problem.accept", object_id=str(p.pk)).exists()


def test_accept_needs_a_responsible_person(world):
    p = F.problem(world, responsible_name="")
    with pytest.raises(TransitionRefused, match="责任人"):
        problem_transition(actor=world.county_clerk, problem=p, action="accept")


def test_accept_needs_a_deadline_except_for_long_term_problems(world):
    p = F.problem(world, deadline=None)
    with pytest.raises(TransitionRefused, match="整改时限"):
        problem_transition(actor=world.county_clerk, problem=p, action="accept")
    long_term = F.problem(world, deadline=None, kind=RectificationKind.LONG_TERM)
    assert problem_transition(actor=world.county_clerk, problem=long_term, action="accept").status == S.IN_PROGRESS


def test_request_closure_needs_a_progress_report(world):
    p = F.accepted(world)
    with pytest.raises(TransitionRefused, match="进展"):
        problem_transition(actor=world.county_clerk, problem=p, action="request_closure", files=(F.pdf(),))


def test_request_closure_needs_evidence_where_the_campaign_requires_it(world):
    p = F.with_progress(world, files=False)
    with pytest.raises(TransitionRefused, match="佐证材料"):
        problem_transition(actor=world.county_clerk, problem=p, action="request_closure")
    assert not p.closure_requests.exists()  # the refused request left nothing behind
    p = problem_transition(actor=world.county_clerk, problem=p, action="request_closure", files=(F.pdf(),))
    assert p.status == S.REVIEW and p.closure_requests.get().attachments.count() == 1


def test_request_closure_without_evidence_when_the_campaign_does_not_require_it(world):
    campaign = world.campaign()
    campaign.require_closure_evidence = False
    campaign.save()
    p = F.with_progress(world, files=False)
    assert problem_transition(actor=world.county_clerk, problem=p, action="request_closure").status == S.REVIEW


def test_the_requester_can_never_approve_their_own_closure(world):
    p = F.in_review(world, requester="county_office")
    with pytest.raises(TransitionRefused, match="申请人不能审核"):
        problem_transition(actor=world.county_office, problem=p, action="approve")
    # another office above may
    p = problem_transition(actor=world.province_office, problem=p, action="approve")
    closure = p.closure_requests.get()
    assert (p.status, closure.decision, closure.reviewer) == (S.CLOSED, ClosureDecision.APPROVED,
                                                              world.province_office)


def test_a_clerk_cannot_approve(world):
    p = F.in_review(world, requester="county_office")
    with pytest.raises(PermissionDenied):
        problem_transition(actor=world.county_clerk, problem=p, action="approve")


def test_an_inspector_sees_but_cannot_withdraw(world):
    p = F.problem(world)
    with pytest.raises(PermissionDenied):
        problem_transition(actor=world.inspector, problem=p, action="withdraw", reason="重复")


def test_out_of_scope_users_get_not_found(world):
    p = F.problem(world)
    for user in (world.outsider, world.outsider_office, world.village_clerk):
        with pytest.raises(NotFound):
            problem_transition(actor=user, problem=p, action="accept")


@pytest.mark.parametrize(("status", "action"), [(S.REVIEW, "return"), (S.CLOSED, "reopen"), (S.PENDING, "withdraw")])
def test_return_reopen_and_withdraw_need_a_reason(world, status, action):
    p = BUILDERS[status](world)
    with pytest.raises(TransitionRefused, match="理由"):
        problem_transition(actor=world.province_office, problem=p, action=action, reason="  ")


def test_return_marks_the_problem_yellow_until_resubmitted(world):
    p = F.in_review(world)
    p = problem_transition(actor=world.county_office, problem=p, action="return", reason="佐证材料不全")
    assert p.returned_pending and p.closure_requests.get().decision == ClosureDecision.RETURNED
    p = problem_transition(actor=world.county_clerk, problem=p, action="request_closure", files=(F.pdf(),))
    assert not p.returned_pending


def test_a_rebound_look_back_reopens_the_problem(world):
    p = F.closed(world)
    services.lookback_record(actor=world.county_office, problem=p, verdict="rebound", comment="问题反弹",
                             on=date(2026, 12, 1))
    p.refresh_from_db()
    assert p.status == S.IN_PROGRESS and p.closed_at is None
    assert StatusChange.objects.filter(object_id=p.pk, action="reopen", reason__contains="问题反弹").exists()


def test_a_consolidated_look_back_keeps_the_problem_closed(world):
    p = F.closed(world)
    services.lookback_record(actor=world.county_office, problem=p, verdict="consolidated")
    p.refresh_from_db()
    assert p.status == S.CLOSED


def test_action_names_with_dashes_are_accepted(world):
    p = F.with_progress(world)
    assert problem_transition(actor=world.county_clerk, problem=p, action="request-closure").status == S.REVIEW


def test_numbers_are_readable_and_unique_per_campaign(world):
    a, b = F.problem(world), F.problem(world)
    assert a.number.startswith("ZG-") and int(b.number[3:]) == int(a.number[3:]) + 1
    other = F.problem(world, "K3", campaign="k3-campaign", actor="outsider_office")
    assert other.number == "ZG-0001"

"""Random sequences of lifecycle actions by random users never reach an illegal state, and the rows that
record the history stay consistent with the problem."""

import hypothesis.strategies as st
import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from taizhang.audit.models import StatusChange
from taizhang.core.exceptions import TaizhangError
from taizhang.ledger import services
from taizhang.ledger.lifecycle import TRANSITIONS, problem_transition
from taizhang.ledger.models import ClosureDecision, Problem, ProblemStatus
from taizhang.ledger.tests import factories as F

ACTORS = ["county_office", "county_clerk", "province_office", "inspector", "outsider"]


@pytest.mark.django_db
def test_random_action_sequences_stay_legal(world):
    class Lifecycle(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.problem = F.problem(world)
            self.succeeded = 0
            self.history = [ProblemStatus.PENDING]

        @rule(action=st.sampled_from(sorted(TRANSITIONS)), actor=st.sampled_from(ACTORS),
              reason=st.sampled_from(["", "理由"]), with_file=st.booleans())
        def transition(self, action, actor, reason, with_file):
            before = Problem.objects.get(pk=self.problem.pk).status
            try:
                p = problem_transition(actor=world.user(actor), problem=self.problem, action=action, reason=reason,
                                       files=(F.pdf(),) if with_file else ())
            except TaizhangError:
                assert Problem.objects.get(pk=self.problem.pk).status == before
                return
            t = TRANSITIONS[action]
            assert before in t.sources and p.status == t.target
            self.succeeded += 1
            self.history.append(p.status)

        @rule(actor=st.sampled_from(ACTORS))
        def report_progress(self, actor):
            try:
                services.progress_add(actor=world.user(actor), problem=self.problem, text="进展", percent=50)
            except TaizhangError:
                pass

        @invariant()
        def state_is_legal_and_history_consistent(self):
            p = Problem.objects.get(pk=self.problem.pk)
            assert p.status in ProblemStatus.values
            changes = StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Problem),
                                                  object_id=p.pk).order_by("at", "id")
            assert changes.count() == self.succeeded
            assert p.version == 1 + self.succeeded
            if changes:
                assert changes.last().new_status == p.status
            for a, b in zip(changes, list(changes)[1:], strict=False):
                assert a.new_status == b.old_status
            assert (p.status == ProblemStatus.CLOSED) == (p.closed_at is not None)
            assert p.closed_on == (timezone.localdate(p.closed_at) if p.closed_at else None)
            open_closures = p.closure_requests.filter(decision=ClosureDecision.PENDING).count()
            assert open_closures == (1 if p.status == ProblemStatus.REVIEW else 0)
            for c in p.closure_requests.exclude(decision=ClosureDecision.PENDING):
                assert c.reviewer_id != c.requested_by_id

    Lifecycle.TestCase.settings = settings(max_examples=15, stateful_step_count=15, deadline=None,
                                           suppress_health_check=list(HealthCheck))
    runner = Lifecycle.TestCase()
    runner.runTest()

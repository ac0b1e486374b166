"""Batch work on the ledger list: decide closure requests, assign, 催办 — each record through its own service,
one audit event per record, and every refusal named with its reason."""

from datetime import date, timedelta

from django.utils import timezone

from taizhang.audit.models import AuditEvent
from taizhang.ledger import batch
from taizhang.ledger.models import ClosureDecision, Problem, ProblemStatus
from taizhang.ledger.tests import factories as F
from taizhang.notifications.models import Notification, OutboundMessage
from taizhang.supervision.models import SupervisionSlip


def _events(action: str, problems) -> list[str]:
    return sorted(AuditEvent.objects.filter(action=action, object_id__in=[str(p.pk) for p in problems])
                  .values_list("object_id", flat=True))


def test_approving_ten_closure_requests_closes_each_with_its_own_audit_event(world):
    problems = [F.in_review(world, title=f"问题{i}") for i in range(10)]
    result = batch.problems_decide(actor=world.county_office, problems=problems, decision="approve", reason="同意销号")
    assert result.count == 10 and not result.refused
    assert set(Problem.objects.filter(pk__in=[p.pk for p in problems]).values_list("status", flat=True)) == {"closed"}
    assert _events("problem.approve", problems) == sorted(str(p.pk) for p in problems)
    for p in problems:
        closure = p.closure_requests.get()
        assert (closure.decision, closure.comment) == (ClosureDecision.APPROVED, "同意销号")


def test_a_batch_names_each_refused_problem_and_applies_the_rest(world):
    ready = F.in_review(world, title="可销号")
    rectifying = F.accepted(world, title="整改中的")
    own = F.in_review(world, title="自己申请的", requester="county_office")
    result = batch.problems_decide(actor=world.county_office, problems=[ready, rectifying, own], decision="approve")
    assert [p.pk for p in result.done] == [ready.pk]
    assert [str(r) for r in result.refused] == [
        f"问题 {rectifying.number}：状态为「整改中」，不能审核通过（销号）",
        f"问题 {own.number}：销号申请人不能审核自己提交的申请"]
    assert Problem.objects.get(pk=rectifying.pk).status == ProblemStatus.IN_PROGRESS
    assert Problem.objects.get(pk=own.pk).status == ProblemStatus.REVIEW
    assert _events("problem.approve", [rectifying, own]) == []


def test_returning_in_a_batch_takes_one_reason_for_all(world):
    a, b = F.in_review(world), F.in_review(world, "V1", actor="village_clerk", requester="village_clerk")
    refused = batch.problems_decide(actor=world.county_office, problems=[a, b], decision="return")
    assert refused.count == 0 and all("须填写理由" in r.reason for r in refused.refused)
    result = batch.problems_decide(actor=world.county_office, problems=[a, b], decision="return", reason="佐证不足")
    assert result.count == 2
    for p in Problem.objects.filter(pk__in=[a.pk, b.pk]):
        assert p.status == ProblemStatus.IN_PROGRESS and p.returned_pending
        assert p.closure_requests.get().comment == "佐证不足"
    assert len(_events("problem.return", [a, b])) == 2


def test_assigning_sets_the_person_and_deadline_of_open_problems_and_names_finished_ones(world):
    open_one, done = F.problem(world), F.closed(world)
    clerk = world.user("village_clerk")
    result = batch.problems_assign(actor=world.county_office, problems=[open_one, done], responsible=clerk,
                                   deadline=date(2026, 11, 30))
    p = Problem.objects.get(pk=open_one.pk)
    assert (p.responsible, p.deadline) == (clerk, date(2026, 11, 30))
    assert [str(r) for r in result.refused] == [f"问题 {done.number}：状态为「已销号」，不能修改"]
    assert _events("problem.update", [open_one, done]) == [str(open_one.pk)]


def test_a_clerk_cannot_assign_in_a_batch(world):
    p = F.problem(world, "V1")
    result = batch.problems_assign(actor=world.village_clerk, problems=[p], deadline=date(2026, 11, 30))
    assert result.count == 0 and "只有主题教育办公室" in result.refused[0].reason


def test_urging_issues_a_reminder_before_the_deadline_and_a_warning_after_it(world):
    clerk = world.user("village_clerk")
    ahead = F.accepted(world, "V1", responsible=clerk, responsible_name="",
                       deadline=timezone.localdate() + timedelta(days=20))
    late = F.accepted(world, "V1", responsible=clerk, responsible_name="",
                      deadline=timezone.localdate() - timedelta(days=4))
    result = batch.problems_urge(actor=world.county_office, problems=[ahead, late])
    assert result.count == 2
    kinds = {s.problems.get().pk: s.kind for s in SupervisionSlip.objects.filter(problems__in=[ahead, late])}
    assert kinds == {ahead.pk: "reminder", late.pk: "warning"}
    warning = SupervisionSlip.objects.get(problems=late)
    assert warning.target_unit.code == "V1" and "4 天" in warning.content
    assert AuditEvent.objects.filter(action="supervisionslip.issue").count() == 2
    inbox = Notification.objects.filter(recipient=clerk, title__startswith="催办")
    assert sorted(n.link for n in inbox) == sorted(f"/supervision/{s.pk}/" for s in
                                                   SupervisionSlip.objects.filter(problems__in=[ahead, late]))


def test_urging_reaches_the_group_robot_with_an_at_mention(world):
    from taizhang.notifications.services import robot_create

    clerk = world.user("village_clerk")
    robot_create(actor=world.county_office, unit=world.unit("V1"), platform="dingtalk", name="东村群",
                 webhook_url="https://oapi.dingtalk.com/robot/send?access_token=abc")
    p = F.accepted(world, "V1", responsible=clerk, responsible_name="")
    batch.problems_urge(actor=world.county_office, problems=[p])
    rows = OutboundMessage.objects.filter(channel="robot", title__startswith="催办")
    assert rows.exists() and all(clerk.phone in r.mention_mobiles for r in rows)


def test_urging_refuses_finished_problems_and_outsiders(world):
    done = F.closed(world)
    result = batch.problems_urge(actor=world.county_office, problems=[done])
    assert [str(r) for r in result.refused] == [f"问题 {done.number}：状态为「已销号」，不需要催办"]
    p = F.accepted(world)
    result = batch.problems_urge(actor=world.county_clerk, problems=[p])
    assert result.count == 0 and "没有向该单位签发督办单的权限" in result.refused[0].reason
    assert not SupervisionSlip.objects.exists()


# --- the list's batch form and the problem page's 催办 button ------------------------------------------

def _said(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_the_list_approves_ticked_closure_requests_and_names_the_refused(world, login):
    ready = [F.in_review(world, title=f"待审{i}") for i in range(3)]
    rectifying = F.accepted(world, title="整改中的")
    ids = ",".join(str(p.pk) for p in [*ready, rectifying])
    response = login("county_office").post("/ledger/bulk/", {"ids": ids, "op": "approve", "reason": "同意",
                                                             "next": "/ledger/?campaign=test-campaign&status=review"},
                                           follow=True)
    assert response.redirect_chain[-1][0] == "/ledger/?campaign=test-campaign&status=review"
    assert _said(response) == ["已审核通过（销号） 3 个问题",
                               f"问题 {rectifying.number}：状态为「整改中」，不能审核通过（销号）"]
    assert Problem.objects.filter(status="closed").count() == 3


def test_the_list_urges_ticked_problems(world, login):
    p = F.accepted(world, deadline=timezone.localdate() - timedelta(days=1))
    response = login("county_office").post("/ledger/bulk/", {"ids": str(p.pk), "op": "urge"}, follow=True)
    assert _said(response) == ["已催办 1 个问题"]
    assert SupervisionSlip.objects.get(problems=p).kind == "warning"


def test_the_bulk_form_never_redirects_off_site(world, login):
    p = F.problem(world)
    client = login("county_office")
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        response = client.post("/ledger/bulk/", {"ids": str(p.pk), "deadline": "2026-11-30", "next": evil})
        assert response.status_code == 302 and response["Location"] == "/ledger/", evil


def test_the_problem_page_offers_urging_to_the_office_and_it_issues_a_reminder(world, login):
    p = F.accepted(world, deadline=timezone.localdate() + timedelta(days=30))
    client = login("county_office")
    assert f'/ledger/p/{p.pk}/urge/' in client.get(f"/ledger/p/{p.pk}/").content.decode()
    response = client.post(f"/ledger/p/{p.pk}/urge/", follow=True)
    slip = SupervisionSlip.objects.get(problems=p)
    assert slip.kind == "reminder" and _said(response) == [f"已催办：签发提示单 {slip.number}"]
    assert f'/ledger/p/{p.pk}/urge/' not in login("county_clerk").get(f"/ledger/p/{p.pk}/").content.decode()

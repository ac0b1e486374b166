"""A ledger event in the browser: the township office returns a village's closure request, and the village
clerk — on a phone — finds the message with the reason in the inbox, opens the problem from it, and sees in
消息设置 which messages the role must receive."""

import pytest

from e2e.conftest import shot

pytestmark = pytest.mark.browser


@pytest.fixture
def village_closure(live_world, settings, tmp_path):
    from taizhang.ledger import services
    from taizhang.ledger.lifecycle import problem_transition
    from taizhang.ledger.models import Problem
    from taizhang.ledger.tests import factories as F
    from taizhang.testing import World

    settings.MEDIA_ROOT = tmp_path / "media"
    w = World()
    p = F.problem(w, "V1", title="村务公开栏更新不及时", responsible=w.member)
    p = problem_transition(actor=w.county_office, problem=p, action="accept")
    services.progress_add(actor=w.village_clerk, problem=p, text="已更新公开栏", percent=90, files=[F.pdf()])
    return problem_transition(actor=w.village_clerk, problem=Problem.objects.get(pk=p.pk), action="request_closure",
                              evidence_summary="公开栏照片已上传")


def _base(page) -> str:
    return page.url.split("/", 3)[0] + "//" + page.url.split("/", 3)[2]


def test_a_returned_closure_reaches_the_clerks_inbox(page_as, village_closure):
    from taizhang.notifications.models import Notification

    office, office_errors = page_as("township_office")
    base = _base(office)
    # the closure request itself reached the township office, who may review it
    office.goto(f"{base}/notifications/")
    assert office.is_visible(f"text=销号申请待审核：{village_closure.number}")
    office.goto(f"{base}/ledger/p/{village_closure.pk}/")
    office.fill("textarea[name=reason]", "缺少村民代表会议记录")
    office.click("button[name=action][value=return]")
    office.wait_for_load_state("networkidle")
    assert office_errors == []

    clerk, errors = page_as("village_clerk", width=390, height=844)
    clerk.goto(f"{base}/notifications/")
    title = f"销号申请被退回：{village_closure.number} 村务公开栏更新不及时"
    assert clerk.is_visible(f"text={title}")
    assert clerk.is_visible("text=退回理由：缺少村民代表会议记录")
    shot(clerk, "inbox-returned-closure-phone")
    clerk.click(f"button:has-text('{title}')")
    clerk.wait_for_load_state("networkidle")
    assert clerk.url.rstrip("/").endswith(f"/ledger/p/{village_closure.pk}")
    assert Notification.objects.get(kind="problem.returned").read_at is not None
    # the actor heard nothing of their own step
    assert not Notification.objects.filter(kind="problem.returned", recipient__username="township_office").exists()

    clerk.goto(f"{base}/notifications/")
    clerk.click("a:has-text('消息设置')")
    clerk.wait_for_load_state("networkidle")
    assignment = clerk.locator("#event-problem-assigned")
    assert assignment.locator("text=必收").is_visible()
    approved = clerk.locator("#event-problem-approved input[name=receive]")
    assert approved.is_checked()
    approved.uncheck()
    clerk.click("button:has-text('保存设置')")
    clerk.wait_for_load_state("networkidle")
    assert clerk.is_visible("text=消息设置已保存")
    assert not clerk.locator("#event-problem-approved input[name=receive]").is_checked()
    shot(clerk, "notification-preferences-phone")
    assert errors == []

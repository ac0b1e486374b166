"""标为重复: the office withdraws a duplicate through the lifecycle, with a link to the problem that is kept."""

import pytest

from taizhang.audit.models import AuditEvent, StatusChange
from taizhang.core.exceptions import NotFound, PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.ledger.models import Problem
from taizhang.ledger.tests.factories import accepted, in_review, problem
from taizhang.quality import services
from taizhang.quality.models import DuplicateMark


def test_marking_withdraws_the_duplicate_links_it_and_writes_an_audit_event(world):
    kept = problem(world, "V1", title="理论学习不够深入系统")
    dup = accepted(world, "V2", title="理论学习不够深入、不够系统")
    mark = services.problem_mark_duplicate(actor=world.county_office, duplicate=dup, kept=kept, reason="同一问题")
    dup = Problem.objects.get(pk=dup.pk)
    assert dup.status == "withdrawn"
    assert mark.kept == kept and mark.marked_by == world.county_office and 0.5 < mark.similarity < 1
    change = StatusChange.objects.filter(object_id=dup.pk, new_status="withdrawn").get()
    assert kept.number in change.reason and change.old_status == "in_progress"
    # the history before the withdrawal is kept
    assert StatusChange.objects.filter(object_id=dup.pk, action="accept").exists()
    event = AuditEvent.objects.filter(action="problem.mark_duplicate", object_id=str(dup.pk)).get()
    assert kept.number in str(event.changes)
    assert list(kept.duplicate_marks.values_list("duplicate_id", flat=True)) == [dup.pk]


def test_the_pages_show_the_link_both_ways(world, login):
    kept = problem(world, "V1", title="理论学习不够深入系统")
    dup = problem(world, "V2", title="理论学习不够深入系统")
    client = login("county_office")
    response = client.post(f"/quality/p/{dup.pk}/duplicate/", {"kept": kept.number, "reason": "同一问题"},
                           follow=True)
    assert f"已将 {dup.number} 标为与 {kept.number} 重复并撤销" in response.content.decode()
    dup_page = client.get(f"/ledger/p/{dup.pk}/").content.decode()
    assert "已标为重复问题" in dup_page and f"/ledger/p/{kept.pk}/" in dup_page
    kept_page = client.get(f"/ledger/p/{kept.pk}/").content.decode()
    assert "重复录入的问题" in kept_page and f"/ledger/p/{dup.pk}/" in kept_page


def test_an_unknown_kept_number_is_refused_with_its_number(world, login):
    dup = problem(world, "V2")
    response = login("county_office").post(f"/quality/p/{dup.pk}/duplicate/", {"kept": "ZG-9999"}, follow=True)
    assert "ZG-9999" in response.content.decode()
    assert Problem.objects.get(pk=dup.pk).status == "pending"
    assert not DuplicateMark.objects.exists()


def test_a_clerk_may_not_mark(world):
    kept, dup = problem(world, "V1"), problem(world, "V1")
    with pytest.raises(PermissionDenied):
        services.problem_mark_duplicate(actor=world.village_clerk, duplicate=dup, kept=kept)
    assert Problem.objects.get(pk=dup.pk).status == "pending"


def test_the_kept_problem_must_be_in_scope_in_the_campaign_and_not_withdrawn(world):
    dup = problem(world, "V1")
    outside = problem(world, "V4", actor="province_office")
    with pytest.raises(ValidationFailed, match="权限范围"):
        services.problem_mark_duplicate(actor=world.county_office, duplicate=dup, kept=outside)
    with pytest.raises(ValidationFailed, match="自身"):
        services.problem_mark_duplicate(actor=world.county_office, duplicate=dup, kept=dup)
    other = problem(world, "K3", campaign="k3-campaign", actor="outsider_office")
    with pytest.raises(ValidationFailed, match="同一专项工作"):
        services.problem_mark_duplicate(actor=None, duplicate=dup, kept=other)
    with pytest.raises(NotFound):
        services.problem_mark_duplicate(actor=world.outsider_office, duplicate=dup, kept=other)
    assert Problem.objects.get(pk=dup.pk).status == "pending" and not DuplicateMark.objects.exists()


def test_a_problem_under_review_cannot_be_withdrawn_as_a_duplicate(world):
    kept = problem(world, "V1")
    dup = in_review(world, "K1")
    with pytest.raises(TransitionRefused):
        services.problem_mark_duplicate(actor=world.county_office, duplicate=dup, kept=kept)
    assert not DuplicateMark.objects.exists()


def test_a_problem_is_marked_once(world):
    kept, dup = problem(world, "V1"), problem(world, "V2")
    services.problem_mark_duplicate(actor=world.county_office, duplicate=dup, kept=kept)
    with pytest.raises(ValidationFailed):
        services.problem_mark_duplicate(actor=world.county_office, duplicate=Problem.objects.get(pk=dup.pk),
                                        kept=problem(world, "V3"))


def test_a_kept_problem_is_not_marked_as_a_duplicate_in_turn(world):
    kept, dup, third = problem(world, "V1"), problem(world, "V2"), problem(world, "V3")
    services.problem_mark_duplicate(actor=world.county_office, duplicate=dup, kept=kept)
    with pytest.raises(ValidationFailed, match=f"请把问题「{third.number}」标为与它重复"):
        services.problem_mark_duplicate(actor=world.county_office, duplicate=Problem.objects.get(pk=kept.pk),
                                        kept=third)
    assert Problem.objects.get(pk=kept.pk).status == "pending"

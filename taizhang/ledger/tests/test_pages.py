"""The ledger pages render and drive the main flow end to end through the web client."""

from datetime import timedelta

from django.utils import timezone

from taizhang.ledger.models import Problem, ProblemStatus
from taizhang.ledger.tests import factories as F


def test_the_list_shows_counts_lights_and_filters(world, login):
    F.accepted(world, deadline=timezone.localdate() - timedelta(days=3), title="逾期问题甲")
    F.problem(world, title="待认领问题乙")
    F.problem(world, "K3", actor="outsider_office", title="远县问题丙")
    client = login("county_office")
    body = client.get("/ledger/?campaign=test-campaign").content.decode()
    assert "逾期问题甲" in body and "待认领问题乙" in body and "远县问题丙" not in body
    assert "tz-light-red" in body
    body = client.get("/ledger/", {"campaign": "test-campaign", "light": "red"}).content.decode()
    assert "逾期问题甲" in body and "待认领问题乙" not in body
    body = client.get("/ledger/", {"campaign": "test-campaign", "status": "pending", "q": "乙"}).content.decode()
    assert "待认领问题乙" in body and "逾期问题甲" not in body


def test_the_list_filters_by_unit_subtree(world, login):
    F.problem(world, "V1", title="东村问题")
    F.problem(world, "T2", title="西镇问题")
    body = login("county_office").get("/ledger/", {"unit": "T1"}).content.decode()
    assert "东村问题" in body and "西镇问题" not in body


def test_the_problem_page_renders_every_panel(world, login):
    p = F.in_review(world)
    body = login("county_office").get(f"/ledger/p/{p.pk}/").content.decode()
    for text in ("问题信息", "整改措施", "办理过程", "销号审核", "通过，予以销号", "佐证材料", "整改报告.pdf"):
        assert text in body
    # the requester sees the review panel without the buttons
    body = login("county_clerk").get(f"/ledger/p/{p.pk}/").content.decode()
    assert "申请人不能审核本人申请" in body


def test_the_main_flow_through_the_pages(world, login):
    clerk = login("county_clerk")
    response = clerk.post("/ledger/new/", {"campaign": "test-campaign", "unit_code": "K1", "title": "调研不深入",
                                           "level": "unit", "kind": "deadline", "deadline": "2026-12-31",
                                           "responsible_name": "county_clerk", "category": "theory"})
    p = Problem.objects.get(title="调研不深入")
    assert response.status_code == 302 and p.responsible == world.county_clerk
    clerk.post(f"/ledger/p/{p.pk}/transition/", {"action": "accept"})
    clerk.post(f"/ledger/p/{p.pk}/measures/", {"text": "建立调研台账"})
    clerk.post(f"/ledger/p/{p.pk}/progress/", {"text": "完成调研 3 次", "percent": "100", "files": [F.pdf()]})
    clerk.post(f"/ledger/p/{p.pk}/closure/", {"evidence_summary": "已整改到位"})
    p.refresh_from_db()
    assert p.status == ProblemStatus.REVIEW
    office = login("county_office")
    office.post(f"/ledger/p/{p.pk}/transition/", {"action": "approve"})
    p.refresh_from_db()
    assert p.status == ProblemStatus.CLOSED
    office.post(f"/ledger/p/{p.pk}/lookback/", {"verdict": "rebound", "comment": "群众反映又有反复"})
    p.refresh_from_db()
    assert p.status == ProblemStatus.IN_PROGRESS


def test_create_form_speaks_chinese(world, login):
    body = login("county_office").post("/ledger/new/", {"unit_code": "K1", "level": "unit", "kind": "deadline",
                                                        "deadline": "年底前"}).content.decode()
    assert "请填写问题标题" in body and "请输入有效日期" in body


def test_a_refused_transition_is_explained(world, login):
    p = F.problem(world, responsible_name="")
    response = login("county_office").post(f"/ledger/p/{p.pk}/transition/", {"action": "accept"}, follow=True)
    assert "认领前须明确责任人" in response.content.decode()


def test_todo_lists_what_waits_for_the_user_overdue_first(world, login):
    late = F.accepted(world, deadline=timezone.localdate() - timedelta(days=5), title="逾期的")
    later = F.accepted(world, deadline=timezone.localdate() + timedelta(days=50), title="不急的")
    review = F.in_review(world, title="待审的")
    office = login("county_office").get("/ledger/todo/").content.decode()
    assert "待审的" in office
    assert office.index(late.title) < office.index(later.title)
    clerk = login("county_clerk").get("/ledger/todo/").content.decode()
    assert review.title not in clerk.split("待审核销号")[1]


def test_todo_asks_the_user_to_update_their_own_problems_and_nobodys_not_another_persons(world):
    from taizhang.ledger.selectors import todo_for

    today = timezone.localdate()
    clerk = world.user("county_clerk")
    own = F.accepted(world, deadline=today + timedelta(days=9), title="本人负责的", responsible=clerk,
                     responsible_name=clerk.display_name)
    nobodys = F.accepted(world, deadline=today + timedelta(days=3), title="未指定账号的")
    F.accepted(world, deadline=today + timedelta(days=1), title="他人负责的", responsible=world.county_office,
               responsible_name=world.county_office.display_name)
    later_own = F.accepted(world, deadline=today + timedelta(days=30), title="本人负责较晚的", responsible=clerk,
                           responsible_name=clerk.display_name)
    update = todo_for(clerk, world.campaign())["update"]
    assert [p.pk for p in update] == [nobodys.pk, own.pk, later_own.pk]
    assert [p.pk for p in todo_for(clerk, world.campaign(), limit=2)["update"]] == [nobodys.pk, own.pk]


def test_office_bulk_sets_deadline_and_responsible(world, login):
    a, b = F.problem(world), F.problem(world, "V1")
    login("county_office").post("/ledger/bulk/", {"ids": f"{a.pk},{b.pk}", "responsible_name": "李四",
                                                  "deadline": "2026-11-30"})
    for p in Problem.objects.filter(pk__in=[a.pk, b.pk]):
        assert (p.responsible_name, str(p.deadline)) == ("李四", "2026-11-30")


def test_carry_over_copies_unfinished_problems_once(world, login):
    from taizhang.campaigns.services import campaign_create

    first = world.campaign()
    open_one = F.accepted(world, title="未完成的")
    F.closed(world, title="已销号的")
    second = campaign_create(actor=None, name="第二批", slug="second", root_unit=world.unit("P"),
                             start_date=first.start_date, end_date=first.end_date, predecessor=first)
    client = login("province_office")
    assert client.get("/ledger/carry-over/?campaign=second").status_code == 200
    client.post("/ledger/carry-over/", {"campaign": "second", "source": "test-campaign"})
    client.post("/ledger/carry-over/", {"campaign": "second", "source": "test-campaign"})
    copies = Problem.objects.filter(campaign=second)
    assert [c.title for c in copies] == ["未完成的"]
    copy = copies.get()
    assert copy.carried_over_from == open_one and copy.status == ProblemStatus.PENDING and copy.number == "ZG-0001"


def test_the_edit_form_sets_lead_and_co_units(world, login):
    p = F.problem(world)
    login("county_office").post(f"/ledger/p/{p.pk}/edit/", {
        "unit_code": "K1", "title": p.title, "level": "unit", "kind": "deadline", "deadline": "2026-12-31",
        "lead_unit_code": "T1", "co_unit_codes": "T2，V1", "version": p.version})
    p.refresh_from_db()
    assert p.lead_unit.code == "T1" and sorted(u.code for u in p.co_units.all()) == ["T2", "V1"]


def test_htmx_filtering_returns_counts_and_table_only(world, login):
    F.problem(world, title="待认领问题")
    response = login("county_office").get("/ledger/", {"status": "pending"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "待认领问题" in body and "tz-status-counts" in body and "<html" not in body


def test_list_and_api_query_counts_do_not_grow_with_rows(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login("county_office")

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    F.problem(world)
    few = (count("/ledger/"), count("/api/v1/problems?campaign=test-campaign"))
    for unit in ("V1", "V2", "T1", "T2", "V3"):
        F.problem(world, unit, lead_unit=world.unit("T1"))
    assert (count("/ledger/"), count("/api/v1/problems?campaign=test-campaign")) == few


def test_the_progress_percent_is_labelled_and_starts_from_the_last_report(world, login):
    fresh = F.accepted(world)
    page = login("county_office").get(f"/ledger/p/{fresh.pk}/").content.decode()
    assert '<label class="form-label small mb-0" for="id_progress_percent">完成比例</label>' in page
    assert 'name="percent" min="0" max="100" value="0"' in page
    reported = F.with_progress(world)  # 60% reported
    page = login("county_office").get(f"/ledger/p/{reported.pk}/").content.decode()
    assert 'name="percent" min="0" max="100" value="60"' in page

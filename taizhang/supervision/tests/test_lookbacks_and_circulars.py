"""回头看 scheduling after 销号, and the 通报 ranking circular."""

import io
from datetime import date, timedelta

from django.utils import timezone
from docx import Document

from taizhang.ledger.models import LookBack, LookBackVerdict
from taizhang.ledger.tests.factories import closed, problem
from taizhang.notifications.models import Notification
from taizhang.supervision.circulars import circular_publish, ranking_rows
from taizhang.supervision.lookbacks import add_months, in_sample, schedule_lookbacks
from taizhang.supervision.models import LookBackPlan, LookBackPlanStatus


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2026, 8, 31), 3) == date(2026, 11, 30)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), -3) == date(2026, 9, 15)


def test_a_lookback_falls_due_months_after_closure(world):
    p = closed(world, "K1")
    closed_on = timezone.localtime(p.closed_at).date()
    due = add_months(closed_on, 3)
    campaign = world.campaign()
    assert schedule_lookbacks(campaign, due - timedelta(days=1)) == []
    made = schedule_lookbacks(campaign, due)
    assert [m["problem"] for m in made] == [p.number] and made[0]["due_date"] == due.isoformat()
    assert schedule_lookbacks(campaign, due) == []  # idempotent
    assert LookBackPlan.objects.get().status == LookBackPlanStatus.DUE


def test_a_recorded_lookback_completes_the_plan_and_prevents_new_ones(world):
    p = closed(world, "K1")
    due = add_months(timezone.localtime(p.closed_at).date(), 3)
    schedule_lookbacks(world.campaign(), due)
    LookBack.objects.create(problem=p, date=due, reviewer=world.county_office, verdict=LookBackVerdict.CONSOLIDATED)
    schedule_lookbacks(world.campaign(), due + timedelta(days=1))
    assert LookBackPlan.objects.get().status == LookBackPlanStatus.DONE


def test_a_problem_looked_back_before_scheduling_is_not_planned(world):
    p = closed(world, "K1")
    LookBack.objects.create(problem=p, date=timezone.localdate(), verdict=LookBackVerdict.CONSOLIDATED)
    assert schedule_lookbacks(world.campaign(), add_months(timezone.localdate(), 4)) == []


def test_the_sample_is_deterministic_and_respects_the_percent(world):
    campaign = world.campaign()
    campaign.lookback_sample_percent = 30
    picked = [i for i in range(1, 2001) if in_sample(campaign, i)]
    assert picked == [i for i in range(1, 2001) if in_sample(campaign, i)]
    assert 450 < len(picked) < 750
    campaign.lookback_sample_percent = 0
    p = closed(world, "K1")
    campaign.save()
    assert schedule_lookbacks(campaign, add_months(timezone.localdate(), 4)) == []
    assert p.pk


def test_dry_run_plans_nothing(world):
    closed(world, "K1")
    assert len(schedule_lookbacks(world.campaign(), add_months(timezone.localdate(), 4), dry_run=True)) == 1
    assert not LookBackPlan.objects.exists()


def test_due_lookbacks_page_links_to_the_problem(world, login):
    p = closed(world, "K1")
    schedule_lookbacks(world.campaign(), add_months(timezone.localdate(), 4))
    LookBackPlan.objects.update(due_date=timezone.localdate())
    page = login("county_office").get("/supervision/lookbacks/").content.decode()
    assert f"/ledger/p/{p.pk}/" in page and p.number in page
    assert p.number not in login("township_office").get("/supervision/lookbacks/").content.decode()


def test_ranking_of_the_children(world):
    problem(world, "T1", deadline=date(2026, 10, 15))  # overdue now
    problem(world, "T2", deadline=date(2027, 1, 15))
    rows = ranking_rows(world.unit("K1"), world.campaign(), ["problems.overdue", "problems.listed"])
    assert [(r["code"], r["values"]["problems.overdue"], r["rank"]) for r in rows] == [("T2", 0, 1), ("T1", 1, 2)]


def test_circular_is_a_document_published_to_the_childrens_offices(world):
    problem(world, "T1", deadline=date(2026, 10, 15))
    c = circular_publish(actor=world.county_office, unit=world.unit("K1"), campaign=world.campaign())
    doc = Document(io.BytesIO(bytes(c.document)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "东镇党委" in text and "西镇党委" in text and "按期整改率" in text
    assert Notification.objects.filter(recipient=world.township_office, kind="circular").exists()
    assert not Notification.objects.filter(recipient=world.county_office, kind="circular").exists()


def test_monthly_task_publishes_from_offices_with_children(world):
    from taizhang.supervision.models import Circular
    from taizhang.supervision.tasks import supervision_circulars_monthly

    made = supervision_circulars_monthly.call_local()
    units = set(Circular.objects.filter(pk__in=made).values_list("unit__code", flat=True))
    assert {"P", "K1", "T1", "K3"} <= units
    # Run again in the same month (a second consumer's scheduler): nothing is published twice.
    assert supervision_circulars_monthly.call_local() is None
    from django.utils import timezone

    from taizhang.supervision.circulars import publish_monthly

    assert publish_monthly(timezone.localdate()) == []
    assert Circular.objects.filter(pk__in=made).count() == len(made) == Circular.objects.count()


def test_our_own_circular_document_without_the_reports_app(world):
    from taizhang.supervision.documents import circular_docx

    rows = ranking_rows(world.unit("K1"), world.campaign(), ["problems.overdue", "supervision.return_rate"])
    data = circular_docx(unit=world.unit("K1"), campaign=world.campaign(), title="关于整改进展的通报",
                         as_of=date(2026, 11, 28), rows=rows,
                         metrics=[{"key": "problems.overdue", "label": "逾期问题"},
                                  {"key": "supervision.return_rate", "label": "退回率"}])
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "东镇党委" in cells and "退回率" in cells

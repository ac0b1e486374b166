"""Lights are derived: the Python rule and the SQL annotation/filter agree on every problem."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from taizhang.ledger import lights, workdays
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Problem
from taizhang.ledger.tests import factories as F


def _today():
    return timezone.localdate()


def test_overdue_is_red_due_soon_yellow_on_track_green(world):
    overdue = F.accepted(world, deadline=_today() - timedelta(days=1))
    soon = F.accepted(world, deadline=_today() + timedelta(days=3))
    later = F.accepted(world, deadline=_today() + timedelta(days=60))
    assert [lights.light(p) for p in (overdue, soon, later)] == ["red", "yellow", "green"]


def test_a_closed_problem_past_its_deadline_is_green(world):
    p = F.closed(world, deadline=_today() + timedelta(days=30))
    assert lights.light(p, on=_today() + timedelta(days=60)) == "green"
    assert not lights.is_overdue(p, on=_today() + timedelta(days=60))


def test_a_returned_problem_is_yellow_until_resubmitted(world):
    p = F.in_review(world, deadline=_today() + timedelta(days=60))
    p = problem_transition(actor=world.county_office, problem=p, action="return", reason="材料不全")
    assert lights.light(p) == "yellow"


def test_due_soon_follows_the_campaign_threshold(world):
    campaign = world.campaign()
    campaign.due_soon_days = 20
    campaign.save()
    p = F.accepted(world, deadline=_today() + timedelta(days=15))
    assert lights.light(Problem.objects.get(pk=p.pk)) == "yellow"


def test_sql_and_python_agree(world):
    t = _today()
    made = [F.accepted(world, deadline=t - timedelta(days=2)), F.accepted(world, deadline=t),
            F.accepted(world, deadline=t + timedelta(days=7)), F.accepted(world, deadline=t + timedelta(days=8)),
            F.problem(world, deadline=None), F.closed(world)]
    made.append(problem_transition(actor=world.county_office, problem=F.problem(world), action="withdraw",
                                   reason="重复"))
    days = world.campaign().due_soon_days
    annotated = {p.pk: p.light_value for p in lights.annotate_light(Problem.objects.all(), days)}
    for p in Problem.objects.select_related("campaign").filter(pk__in=[m.pk for m in made]):
        expected = lights.light(p)
        assert annotated[p.pk] == expected, p.number
        assert Problem.objects.filter(lights.light_q(expected, days), pk=p.pk).exists()


# --- the workday calendar -------------------------------------------------------------------------

@pytest.fixture
def calendar(db):
    workdays.changed()
    yield
    workdays.changed()  # the edits of the test are rolled back


def test_weekends_are_not_workdays_but_make_up_days_are(calendar):
    assert not workdays.is_workday(date(2026, 11, 28))  # a Saturday
    assert workdays.is_workday(date(2026, 9, 20))  # Sunday, 国庆 调休
    assert not workdays.is_workday(date(2026, 10, 1))  # 国庆节


def test_n_workdays_skip_holidays_and_count_make_up_days(calendar):
    # Friday 2026-09-25 is 中秋; 09-20 (Sunday) is a make-up workday.
    assert workdays.add_workdays(date(2026, 9, 18), 1) == date(2026, 9, 20)
    # 国庆 10-01..10-07 off; Saturday 10-10 is a make-up workday.
    assert workdays.add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert workdays.add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)


def test_the_sysadmin_edits_the_calendar(calendar, world, login):
    client = login("sysadmin")
    assert workdays.is_workday(date(2026, 12, 1))
    client.post("/ledger/calendar/", {"date": "2026-12-01", "name": "临时放假"})
    assert not workdays.is_workday(date(2026, 12, 1))
    client.post("/ledger/calendar/", {"delete": "2026-12-01"})
    assert workdays.is_workday(date(2026, 12, 1))

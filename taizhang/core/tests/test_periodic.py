"""A periodic job runs once per scheduled period however many consumers' schedulers enqueue it; each further
execution in the period is skipped and counted."""

from datetime import UTC, datetime

from django.core.cache import cache

from taizhang.core.periodic import DAILY, EVERY_MINUTE, claim, claim_key


def test_the_first_execution_in_a_period_runs_and_the_others_are_counted_as_skipped():
    noon = datetime(2026, 12, 6, 12, 0, 5, tzinfo=UTC)
    assert claim("stats.snapshot_daily", DAILY, noon) is True
    assert claim("stats.snapshot_daily", DAILY, noon.replace(hour=23)) is False
    assert claim("stats.snapshot_daily", DAILY, noon.replace(hour=23, minute=59)) is False
    assert cache.get(claim_key("stats.snapshot_daily", DAILY, noon) + ":skipped") == 2
    # The next day is a period of its own; another job's claim is its own.
    assert claim("stats.snapshot_daily", DAILY, noon.replace(day=7)) is True
    assert claim("supervision.rules_daily", DAILY, noon) is True


def test_a_minute_job_runs_once_a_minute():
    t = datetime(2026, 12, 6, 12, 0, 1, tzinfo=UTC)
    assert claim("notifications.send_pending_every_minute", EVERY_MINUTE, t)
    assert not claim("notifications.send_pending_every_minute", EVERY_MINUTE, t.replace(second=59))
    assert claim("notifications.send_pending_every_minute", EVERY_MINUTE, t.replace(minute=1))


def test_the_daily_snapshot_task_runs_its_body_once_when_two_schedulers_enqueue_it(world):
    from taizhang.stats.models import SnapshotDay
    from taizhang.stats.tasks import stats_snapshot_daily

    first = stats_snapshot_daily.call_local()
    assert first and SnapshotDay.objects.count() == len(first)
    SnapshotDay.objects.all().delete()
    assert stats_snapshot_daily.call_local() is None
    assert not SnapshotDay.objects.exists()

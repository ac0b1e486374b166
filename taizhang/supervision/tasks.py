"""Periodic jobs. huey schedules in UTC (its default): 00:00 UTC is 08:00 in Asia/Shanghai."""

from django.utils import timezone
from huey import crontab

from taizhang.core.periodic import DAILY, MONTHLY, periodic_task


@periodic_task(crontab(hour="0", minute="0"), name="supervision.rules_daily", once_per=DAILY)
def supervision_rules_daily():
    """提示单, 预警单, 约谈建议 and 回头看 scheduling for every active campaign."""
    from taizhang.supervision.rules import run_all

    result = run_all(timezone.localdate())
    return {k: len(v) for k, v in result.items() if isinstance(v, list)}


@periodic_task(crontab(day="1", hour="1", minute="0"), name="supervision.circulars_monthly", once_per=MONTHLY)
def supervision_circulars_monthly():
    """The monthly 通报 (09:00 Asia/Shanghai on the 1st)."""
    from taizhang.supervision.circulars import publish_monthly

    return publish_monthly(timezone.localdate())

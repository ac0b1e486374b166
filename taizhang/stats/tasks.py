"""The daily snapshot job (huey periodic task), late in the day so the snapshot stands for that day.

huey schedules in UTC (its default): 15:30 UTC is 23:30 in Asia/Shanghai."""

from huey import crontab

from taizhang.core.periodic import DAILY, periodic_task
from taizhang.stats.snapshots import snapshot_all


@periodic_task(crontab(hour="15", minute="30"), name="stats.snapshot_daily", once_per=DAILY)
def stats_snapshot_daily():
    return snapshot_all()

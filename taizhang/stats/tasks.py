"""The daily snapshot job (huey periodic task), late in the day so the snapshot stands for that day.

huey schedules in UTC (its default): 15:30 UTC is 23:30 in Asia/Shanghai."""

from huey import crontab
from huey.contrib.djhuey import db_task

from taizhang.core.periodic import DAILY, EVERY_MINUTE, periodic_task
from taizhang.stats import cells
from taizhang.stats.snapshots import snapshot_all


@periodic_task(crontab(hour="15", minute="30"), name="stats.snapshot_daily", once_per=DAILY)
def stats_snapshot_daily():
    return snapshot_all()


@db_task(name="stats.rebuild_cells")
def stats_rebuild_cells(campaign_ids: list[int]):
    """Rebuild the cells of campaigns whose tree a unit move changed."""
    from taizhang.campaigns.models import Campaign

    return [cells.rebuild(c) for c in Campaign.objects.filter(pk__in=campaign_ids).select_related("root_unit")]


@periodic_task(crontab(minute="*"), name="stats.fold_cells", once_per=EVERY_MINUTE)
def stats_fold_cells():
    """Fold pending marks so a dashboard rarely has any left to fold, and build the cells of campaigns that have
    none (after an upgrade, or when a rebuild after a unit move did not run)."""
    return {"folded": cells.fold(), "built": cells.rebuild_all(missing_only=True)}

"""Background tasks of the notifications app (huey). They stay thin: the work is in outbox.py."""

from huey import crontab
from huey.contrib.djhuey import db_task

from taizhang.core.periodic import DAILY, EVERY_MINUTE, periodic_task
from taizhang.notifications import outbox


@db_task()
def send_pending(now=None) -> dict:
    """Send every due outbox row (queued on commit by `notify`)."""
    return outbox.send_due(now=now)


@periodic_task(crontab(minute="*"), name="notifications.send_pending_every_minute", once_per=EVERY_MINUTE)
def send_pending_every_minute() -> dict:
    """Safety net: deferred rows (quiet hours, rate limit, retries) become due without a new notify."""
    return outbox.send_due()


@periodic_task(crontab(hour="1", minute="30"), name="notifications.progress_overdue_daily", once_per=DAILY)
def progress_overdue_daily() -> int:
    """09:30 Asia/Shanghai: remind the responsible person of each problem whose progress report is overdue
    (once per problem and period; see notifications.events.progress_overdue_scan)."""
    from taizhang.notifications.events import progress_overdue_scan

    return len(progress_overdue_scan())

"""Background tasks of 征求意见 (huey). They stay thin: the work is in services."""

from huey import crontab

from taizhang.core.periodic import DAILY, periodic_task


@periodic_task(crontab(hour="0", minute="30"), name="opinions.digest_daily", once_per=DAILY)
def opinions_digest_daily() -> int:
    """08:30 Asia/Shanghai: one notice per round to its unit's office about the opinions that arrived since the
    last digest (services.opinions_digest)."""
    from taizhang.opinions.services import opinions_digest

    return len(opinions_digest())

"""Background tasks of the notifications app (huey). They stay thin: the work is in outbox.py."""

import os
from pathlib import Path

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from taizhang.notifications import outbox


@db_task()
def send_pending(now=None) -> dict:
    """Send every due outbox row (queued on commit by `notify`)."""
    return outbox.send_due(now=now)


@db_periodic_task(crontab(minute="*"))
def send_pending_every_minute() -> dict:
    """Safety net: deferred rows (quiet hours, rate limit, retries) become due without a new notify."""
    return outbox.send_due()


@db_task(context=True)
def queue_probe(directory: str, pause: float = 0.0, task=None) -> str:
    """Write a marker file named after this task's id (checks that each queued task runs exactly once).

    Used by the worker test; `taizhang worker` deployments can use it to see that consumers pick up work.
    A second run of the same task leaves a `.again` file next to the first marker.
    """
    import time

    if pause:
        time.sleep(pause)
    path = Path(directory) / f"{task.id}.done"
    try:
        with open(path, "x") as fh:
            fh.write(str(os.getpid()))
    except FileExistsError:
        with open(Path(directory) / f"{task.id}.{os.getpid()}.again", "w") as fh:
            fh.write(str(os.getpid()))
    return str(path)

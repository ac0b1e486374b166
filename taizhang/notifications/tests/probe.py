"""A task for the worker test only: the consumers it starts import this module before they begin to consume."""

import os
import time
from pathlib import Path

from huey.contrib.djhuey import db_task


@db_task(context=True)
def queue_probe(directory: str, pause: float = 0.0, task=None) -> str:
    """Write a marker file named after this task's id; a second run of the same task leaves a `.again` file."""
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

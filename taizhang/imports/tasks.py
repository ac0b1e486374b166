"""Background work of the imports app (huey)."""

from huey.contrib.djhuey import db_task


@db_task()
def export_job_run(job_id: int) -> None:
    from taizhang.imports.services import export_job_execute

    export_job_execute(job_id)


@db_task()
def import_batch_run(batch_id: int, step: str, actor_id: int | None) -> None:
    from taizhang.imports.services import batch_run

    batch_run(batch_id, step, actor_id)

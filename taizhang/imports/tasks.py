"""Background work of the imports app (huey)."""

from huey.contrib.djhuey import db_task


@db_task()
def export_job_run(job_id: int) -> None:
    from taizhang.imports.services import export_job_execute

    export_job_execute(job_id)

"""Background rendering of reports (huey): a 汇编 or a province ledger annex takes longer than a request."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task


@db_task(name="reports.render")
def render_report_job(job_id: int) -> None:
    from taizhang.reports.services import report_job_run

    report_job_run(job_id)


@db_periodic_task(crontab(minute="*/5"), name="reports.sweep_stale")
def sweep_stale_report_jobs() -> int:
    """A job left "running" by a restart (or a killed worker) is marked failed instead of running for ever."""
    from taizhang.reports.services import report_jobs_sweep_stale

    return report_jobs_sweep_stale()


@HUEY.on_startup()
def sweep_on_startup() -> None:
    """The same sweep as soon as a worker starts, so the jobs a restart interrupted do not wait 5 minutes."""
    from django.db import close_old_connections

    from taizhang.reports.services import report_jobs_sweep_stale

    close_old_connections()
    report_jobs_sweep_stale()

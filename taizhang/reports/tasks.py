"""Background rendering of reports (huey): a 汇编 or a province ledger annex takes longer than a request."""

from huey.contrib.djhuey import db_task


@db_task(name="reports.render")
def render_report_job(job_id: int) -> None:
    from taizhang.reports.services import report_job_run

    report_job_run(job_id)

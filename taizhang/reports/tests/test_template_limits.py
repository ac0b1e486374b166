"""Office templates cannot stall the web processes or the worker (issue 17, hole 3).

Rendering is limited in loop iterations, wall-clock time, output size and memory; the upload check and
every rendering run in a child process under those limits; one unit cannot queue more template jobs than
its share; a job a restart left "running" is marked failed.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from taizhang.core.exceptions import ValidationFailed
from taizhang.reports.models import JobStatus, ReportJob, ReportKind
from taizhang.reports.sandbox import Limits, TemplateLimitExceeded, run_isolated
from taizhang.reports.services import (
    STALE_ERROR,
    report_job_create,
    report_job_run,
    report_jobs_sweep_stale,
    report_template_upload,
)
from taizhang.reports.tests.test_user_templates import docx_with

NESTED = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"


def upload(world, *lines, unit="K1"):
    f = SimpleUploadedFile("模板.docx", docx_with(*lines))
    return report_template_upload(actor=world.county_office, unit=world.unit(unit), name="模板", upload=f)


def test_nested_loops_are_refused_on_upload_past_the_iteration_limit(world, settings):
    settings.TAIZHANG_TEMPLATE_MAX_ITERATIONS = 10_000
    started = time.monotonic()
    with pytest.raises(ValidationFailed) as exc:
        upload(world, NESTED.replace("99999", "999"))
    assert "循环次数超过 10000 次" in exc.value.message and exc.value.field == "file"
    assert time.monotonic() - started < 10


def test_the_upload_check_stops_at_its_deadline(world, settings):
    settings.TAIZHANG_TEMPLATE_MAX_ITERATIONS = 10**12  # only the clock can stop this one
    settings.TAIZHANG_TEMPLATE_CHECK_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(ValidationFailed, match="超过 1 秒"):
        upload(world, NESTED)
    assert time.monotonic() - started < 6


@pytest.mark.parametrize("line", [
    "{% for i in range(3000) %}{{ 'x' * 1000 }}{% endfor %}",  # 3 MB of text
    "{{ 'x' * 1000000000 }}",
    "{{ 9 ** 999999 }}",
])
def test_huge_output_is_refused(world, settings, line):
    settings.TAIZHANG_TEMPLATE_MAX_OUTPUT_MB = 1
    with pytest.raises(ValidationFailed, match="超过 1 MB|过大"):
        upload(world, line)


def test_a_template_that_outgrows_the_limits_on_real_data_fails_its_job_with_a_message(world, data, settings):
    """The sample data of the check has one subunit; K1 has two, so only the real rendering goes past."""
    settings.TAIZHANG_TEMPLATE_MAX_ITERATIONS = 1000
    tpl = upload(world, "{%p for c in 下级单位 %}", "{% for i in range(600) %}{% endfor %}", "{%p endfor %}")
    job = report_job_create(actor=world.county_office, kind=ReportKind.TEMPLATE, unit=world.unit("K1"),
                            campaign=world.campaign(), template=tpl)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "循环次数超过 1000 次" in job.error


def test_the_child_process_is_killed_at_the_deadline():
    started = time.monotonic()
    with pytest.raises(TemplateLimitExceeded, match="超过 1 秒"):
        run_isolated(time.sleep, 60, limits=Limits(seconds=1))
    assert time.monotonic() - started < 5


def test_the_child_process_has_a_memory_limit():
    with pytest.raises(TemplateLimitExceeded, match="内存"):
        run_isolated(bytearray, 8 * 1024**3, limits=Limits(memory_bytes=64 * 1024 * 1024))


def test_one_unit_cannot_queue_more_template_jobs_than_its_share(world, data):
    tpl = upload(world, "{{ 单位 }}")
    ReportJob.objects.create(kind=ReportKind.TEMPLATE, unit=world.unit("K1"), campaign=world.campaign(),
                             template=tpl, status=JobStatus.RUNNING, started_at=timezone.now())
    with pytest.raises(ValidationFailed, match="本单位已有 1 份自定义模板报告在排队或生成中"):
        report_job_create(actor=world.county_office, kind=ReportKind.TEMPLATE, unit=world.unit("K1"),
                          campaign=world.campaign(), template=tpl)
    other = report_job_create(actor=world.county_office, kind=ReportKind.TEMPLATE, unit=world.unit("T1"),
                              campaign=world.campaign(), template=tpl)
    assert ReportJob.objects.get(pk=other.pk).status == JobStatus.DONE


def test_a_job_left_running_by_a_restart_is_marked_failed(world, data, settings):
    settings.TAIZHANG_REPORT_STALE_MINUTES = 30
    now = timezone.now()
    make = dict(kind=ReportKind.STAGE_SUMMARY, unit=world.unit("K1"), campaign=world.campaign())
    lost = ReportJob.objects.create(status=JobStatus.RUNNING, started_at=now - timedelta(hours=2), **make)
    busy = ReportJob.objects.create(status=JobStatus.RUNNING, started_at=now - timedelta(minutes=1), **make)
    assert report_jobs_sweep_stale(now=now) == 1
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert (lost.status, lost.error) == (JobStatus.FAILED, STALE_ERROR) and busy.status == JobStatus.RUNNING


def test_a_failed_job_is_not_run_again_by_a_late_task(world, data):
    job = ReportJob.objects.create(kind=ReportKind.STAGE_SUMMARY, unit=world.unit("K1"), campaign=world.campaign(),
                                   status=JobStatus.FAILED, error=STALE_ERROR)
    report_job_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == (JobStatus.FAILED, STALE_ERROR, "")

"""A large file is checked and imported by a background task: the wizard's page answers at once, shows what is
running and refreshes itself when it is done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from taizhang.audit.models import AuditEvent
from taizhang.core import storage
from taizhang.imports.models import BatchStatus, ImportBatch
from taizhang.imports.tests.factories import ROWS, ledger_bytes
from taizhang.ledger.models import Problem


def upload(client, data, name="台账.xlsx"):
    return client.post(reverse("imports:index"), {"kind": "problems", "campaign": "test-campaign", "unit_code": "K1",
                                                  "file": SimpleUploadedFile(name, data)})


def test_a_large_file_is_checked_and_imported_in_the_background(login, world, settings,
                                                                django_capture_on_commit_callbacks):
    settings.IMPORT_SYNC_MAX_BYTES = 100  # every test file counts as large
    client = login("county_office")
    with django_capture_on_commit_callbacks() as queued:
        response = upload(client, ledger_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == BatchStatus.CHECKING and len(queued) == 1
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "正在校验" in page and 'hx-trigger="every 2s"' in page and "确认导入" not in page
    poll = client.get(reverse("imports:batch", args=[batch.pk]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tz-running")
    assert poll.status_code == 200 and "正在校验" in poll.content.decode()

    queued[0]()  # the worker runs the check
    batch.refresh_from_db()
    assert (batch.status, batch.rows, batch.created, batch.errors) == (BatchStatus.CHECKED, 2, 2, [])
    poll = client.get(reverse("imports:batch", args=[batch.pk]), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="tz-running")
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"  # the page reloads with the report
    assert "确认导入" in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()

    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.IMPORTING and Problem.objects.filter(campaign=world.campaign()).count() == 0
    assert "正在后台导入" in response.content.decode() and "正在导入" in response.content.decode()
    queued[0]()
    batch.refresh_from_db()
    assert (batch.status, batch.created) == (BatchStatus.DONE, 2)
    assert Problem.objects.filter(campaign=world.campaign()).count() == 2
    assert AuditEvent.objects.filter(action="import.batch", object_id=str(batch.pk)).exists()


@pytest.fixture
def waiting(login, world, settings, django_capture_on_commit_callbacks):
    """The office's client and a large file's batch whose check is queued and not yet run by a worker."""
    settings.IMPORT_SYNC_MAX_BYTES = 100
    client = login("county_office")
    with django_capture_on_commit_callbacks():
        upload(client, ledger_bytes())
    return client, ImportBatch.objects.get()


def test_nothing_can_be_changed_while_a_step_runs(waiting, django_capture_on_commit_callbacks):
    client, batch = waiting
    with django_capture_on_commit_callbacks() as queued:
        remap = client.post(reverse("imports:batch", args=[batch.pk]), {"col_7": "remarks"}, follow=True)
        confirm = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert queued == []
    for response in (remap, confirm):
        assert "正在后台处理，请等待完成后再操作" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKING and batch.mapping == {}


def test_a_stalled_step_can_be_run_again(waiting, settings, django_capture_on_commit_callbacks):
    client, batch = waiting
    ImportBatch.objects.filter(pk=batch.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=settings.IMPORT_STALL_MINUTES + 1))
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "已视为中断" in page and "重新校验</button>" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch", args=[batch.pk]))  # 重新校验
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CHECKED and batch.created == 2


def test_a_failing_background_step_marks_the_batch_failed_with_the_reason(world, settings,
                                                                          django_capture_on_commit_callbacks):
    from taizhang.imports import services

    settings.IMPORT_SYNC_MAX_BYTES = 100
    with django_capture_on_commit_callbacks() as queued:
        batch = services.batch_upload(actor=world.county_office, kind="problems", campaign=world.campaign(),
                                      unit=world.unit("K1"), data=ledger_bytes(*ROWS), filename="台账.xlsx")
    storage.delete(services.batch_name(batch))  # the stored file is gone before the worker starts
    queued[0]()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FAILED and batch.message == "后台处理失败：导入文件已不存在，请重新上传"


def test_small_files_are_still_handled_within_the_request(login, world):
    client = login("county_office")
    upload(client, ledger_bytes())
    assert ImportBatch.objects.get().status == BatchStatus.CHECKED


def test_a_killed_worker_is_seen_at_once_not_after_the_stall_window(waiting, django_capture_on_commit_callbacks):
    """The worker process running the step was killed a moment ago: the page offers to run it again at once
    instead of showing 校验中/导入中 for IMPORT_STALL_MINUTES."""
    import socket
    import subprocess
    import sys

    from taizhang.imports.models import process_id

    client, batch = waiting
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    ImportBatch.objects.filter(pk=batch.pk).update(claimed_by=f"{socket.gethostname()}:{dead.pid}")
    batch.refresh_from_db()
    assert batch.stalled and not batch.running
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "后台处理进程已停止" in page and "重新校验</button>" in page
    ImportBatch.objects.filter(pk=batch.pk).update(claimed_by=process_id())  # a live worker: still running
    batch.refresh_from_db()
    assert batch.running and not batch.stalled


def test_the_worker_records_itself_on_the_batch(waiting, django_capture_on_commit_callbacks):
    from taizhang.imports import services
    from taizhang.imports.models import process_id

    client, batch = waiting
    seen = {}
    original = services.STEPS["first_check"]

    def spy(actor, b):
        seen["claim"] = ImportBatch.objects.get(pk=b.pk).claimed_by
        return original(actor, b)

    services.STEPS["first_check"] = spy
    try:
        services.batch_run(batch.pk, "first_check", None)
    finally:
        services.STEPS["first_check"] = original
    assert seen["claim"] == process_id()

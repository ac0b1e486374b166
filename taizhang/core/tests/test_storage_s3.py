"""Attachments in an S3-compatible object store (TAIZHANG_S3_BUCKET): every file taizhang keeps goes to the bucket,
nothing to the data directory, every download still passes through the user's scope, and a store that cannot be
reached is an error the user can read, with nothing half-written. The bucket is moto's in-process S3."""

from __future__ import annotations

import hashlib
import io
import tarfile

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from moto import mock_aws

from taizhang.core import storage
from taizhang.core.backup import backup
from taizhang.imports import services as imports
from taizhang.imports.models import ExportJob
from taizhang.imports.tests.factories import ROWS, ledger_bytes
from taizhang.ledger.evidence import evidence_name
from taizhang.ledger.models import Attachment, ProgressReport
from taizhang.ledger.tests.factories import PDF, accepted, pdf

BUCKET = "taizhang-files"


@pytest.fixture
def bucket(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "taizhang.core.storage_s3.TaizhangS3Storage",
                        "OPTIONS": {"bucket_name": BUCKET, "region_name": "us-east-1", "location": "prod",
                                    "access_key": "test", "secret_key": "test"}},
        }
        yield client


def objects(client) -> dict[str, bytes]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


def local_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _client(world, username: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.user(username))
    return client


def test_evidence_goes_to_the_bucket_and_downloads_within_scope_only(world, bucket, settings):
    problem = accepted(world)
    page = _client(world, "county_clerk").post(reverse("ledger:progress", args=[problem.pk]),
                                                {"text": "已整改", "percent": 60, "files": pdf("整改报告.pdf")})
    assert page.status_code == 302
    row = Attachment.objects.get(problem=problem)
    assert objects(bucket) == {f"prod/{evidence_name(row.sha256)}": PDF}
    assert local_files(settings) == []

    download = _client(world, "county_office").get(reverse("ledger:attachment", args=[row.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "filename*=utf-8''" in download["Content-Disposition"]
    outside = _client(world, "outsider_office").get(reverse("ledger:attachment", args=[row.pk]))
    assert outside.status_code == 404


def test_the_same_content_is_stored_once(world, bucket):
    problem = accepted(world)
    for text in ("第一次", "第二次"):
        _client(world, "county_clerk").post(reverse("ledger:progress", args=[problem.pk]),
                                            {"text": text, "percent": 50, "files": pdf("方案.pdf")})
    assert Attachment.objects.filter(problem=problem).count() == 2
    assert len(objects(bucket)) == 1


def test_an_unreachable_store_refuses_the_upload_in_chinese_and_keeps_no_record(world, bucket):
    problem = accepted(world)
    for item in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        bucket.delete_object(Bucket=BUCKET, Key=item["Key"])
    bucket.delete_bucket(Bucket=BUCKET)  # the store answers, but nothing can be written
    page = _client(world, "county_clerk").post(reverse("ledger:progress", args=[problem.pk]),
                                                {"text": "已整改", "percent": 60, "files": pdf("整改报告.pdf")},
                                                follow=True)
    assert "文件「整改报告.pdf」未能读写：附件存储暂时无法访问" in page.content.decode()
    assert not ProgressReport.objects.filter(problem=problem).exists()
    assert not Attachment.objects.filter(problem=problem).exists()


def test_an_import_is_checked_from_the_bucket_by_the_worker(world, bucket, settings,
                                                            django_capture_on_commit_callbacks):
    settings.IMPORT_SYNC_MAX_BYTES = 100  # the check runs in the background, as on another server
    data = ledger_bytes(*ROWS)
    with django_capture_on_commit_callbacks() as queued:
        batch = imports.batch_upload(actor=world.county_office, kind="problems", campaign=world.campaign(),
                                     unit=world.unit("K1"), data=data, filename="台账.xlsx")
    assert objects(bucket) == {f"prod/imports/{hashlib.sha256(data).hexdigest()}.xlsx": data}
    queued[0]()
    batch.refresh_from_db()
    assert (batch.status, batch.rows, batch.created) == ("checked", 2, 2)


def test_a_background_export_is_kept_in_the_bucket_and_downloaded_by_its_owner(world, bucket, settings):
    job = ExportJob.objects.create(campaign=world.campaign(), unit=world.unit("K1"), created_by=world.county_office)
    accepted(world, title="导出到对象存储的问题")
    imports.export_job_execute(job.pk)
    job.refresh_from_db()
    stored = objects(bucket)
    assert job.status == "done" and job.path == f"exports/export-{job.pk}.xlsx"
    assert list(stored) == [f"prod/exports/export-{job.pk}.xlsx"] and local_files(settings) == []
    download = _client(world, "county_office").get(reverse("imports:export_download", args=[job.pk]))
    assert b"".join(download.streaming_content) == stored[f"prod/exports/export-{job.pk}.xlsx"]
    assert _client(world, "outsider_office").get(reverse("imports:export_download",
                                                             args=[job.pk])).status_code == 404


def test_a_material_file_field_is_stored_in_the_bucket(world, bucket, settings):
    from taizhang.institutions.services import institution_create

    inst = institution_create(actor=world.county_office, campaign=world.campaign(), unit=world.unit("K1"),
                              title="对象存储中的制度", upload=SimpleUploadedFile("制度.pdf", PDF + b"rule"))
    assert objects(bucket) == {f"prod/{inst.attachment.name}": PDF + b"rule"}
    download = _client(world, "county_office").get(reverse("institutions:institution_file", args=[inst.pk]))
    assert b"".join(download.streaming_content) == PDF + b"rule"


def test_readyz_checks_the_bucket(world, bucket):
    client = Client(raise_request_exception=False)
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["checks"]["storage"] == {"ok": True, "message": "正常"}
    assert objects(bucket) == {}  # the probe leaves nothing behind
    bucket.delete_bucket(Bucket=BUCKET)
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["storage"] == {"ok": False, "message": f"附件存储 {BUCKET} 无法写入"}


def test_a_backup_archives_the_bucket_s_files(world, bucket, tmp_path):
    problem = accepted(world)
    _client(world, "county_clerk").post(reverse("ledger:progress", args=[problem.pk]),
                                        {"text": "已整改", "percent": 60, "files": pdf("整改报告.pdf")})
    sha = Attachment.objects.get(problem=problem).sha256
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    with tarfile.open(archive) as tar:
        member = tar.extractfile(f"files/{evidence_name(sha)}").read()
        manifest = tar.extractfile("manifest.json").read().decode()
    assert member == PDF and hashlib.sha256(member).hexdigest() == sha and sha in manifest
    assert list(storage.walk()) == [evidence_name(sha)]


def test_walk_lists_every_stored_name_without_working_files(world, bucket):
    storage.put("evidence/aa/bb/aabb", io.BytesIO(b"1"))
    storage.put("imports/x.xlsx", b"2")
    storage.put(".taizhang-readyz", b"3")
    assert list(storage.walk()) == ["evidence/aa/bb/aabb", "imports/x.xlsx"]

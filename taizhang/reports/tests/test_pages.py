"""The 报告 page: preview the figures, render in the background (huey immediate in tests), download."""

import io

from django.urls import reverse
from docx import Document

from taizhang.reports.models import JobStatus, ReportJob
from taizhang.stats.rollup import stats_for


def test_the_preview_shows_the_catalogue_figures(login, world, data):
    response = login("county_office").get(reverse("reports:index"),
                                          {"kind": "stage-summary", "unit_code": "K1", "preview": "1"})
    assert response.status_code == 200
    rows = {r["key"]: r["value"] for r in response.context["preview"]["rows"]}
    live = stats_for(world.unit("K1"), world.campaign())
    assert rows["problems.found"] == live["problems.found"]
    assert rows["problems.close_rate"] == live["problems.close_rate"]


def test_generating_queues_a_job_and_the_document_downloads(login, world, data):
    client = login("county_office")
    response = client.post(reverse("reports:index"), {"kind": "rectification-report", "unit_code": "K1"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job_detail", args=[job.pk])
    assert job.status == JobStatus.DONE and job.figures["problems.found"] == 4
    page = client.get(reverse("reports:job_detail", args=[job.pk]))
    assert reverse("reports:job_download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert "整改情况的报告" in doc.paragraphs[0].text


def test_another_countys_unit_answers_404_to_the_preview(login, world):
    response = login("outsider_office").get(reverse("reports:index"), {"kind": "stage-summary", "unit_code": "K1"})
    assert response.status_code == 200  # the page exists for an office …
    assert response.context["preview"] is None  # … but K1 does not: no figures, an error on the field
    assert "不在您的权限范围内" in response.content.decode()


def test_the_key_page_lists_every_key_with_label_and_value(login, world, data):
    from taizhang.stats.catalogue import KEYS

    response = login("county_office").get(reverse("reports:keys"), {"unit": "K1"})
    body = response.content.decode()
    assert all(f'm["{k}"]' in body for k in KEYS)
    assert "指标.整改率" in body


def test_the_preview_is_posted_and_shows_labels_not_keys(login, world, data):
    client = login("county_office")
    page = client.get(reverse("reports:index")).content.decode()
    assert 'formmethod="get"' not in page  # a GET form would put the CSRF token into the address
    response = client.post(reverse("reports:index"), {"kind": "stage-summary", "unit_code": "K1", "preview": "1"})
    assert response.status_code == 200 and not ReportJob.objects.exists()
    rows = {r["key"]: r["value"] for r in response.context["preview"]["rows"]}
    assert rows["problems.found"] == stats_for(world.unit("K1"), world.campaign())["problems.found"]
    import re

    shown = re.sub(r'(value|name|id|for|href)="[^"]*"', "", response.content.decode())  # what a reader sees
    assert "problems.found" not in shown and "problems.close_rate" not in shown

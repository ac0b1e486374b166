"""The import wizard and the export pages, as a user clicks through them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from taizhang.imports.models import BatchStatus, ExportJob, ImportBatch
from taizhang.imports.tests.builders import xlsx_bytes
from taizhang.imports.tests.factories import ROWS, ledger_bytes
from taizhang.ledger.models import Problem


def upload(client, data, name="台账.xlsx", **extra):
    return client.post(reverse("imports:index"), {"kind": "problems", "campaign": "test-campaign", "unit_code": "K1",
                                                  "file": SimpleUploadedFile(name, data), **extra})


def test_wizard_upload_correct_mapping_and_confirm(login, world):
    client = login("county_office")
    response = upload(client, ledger_bytes())
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == BatchStatus.CHECKED and batch.created == 2
    page = client.get(reverse("imports:batch", args=[batch.pk]))
    assert "确认导入" in page.content.decode()
    # the user maps 督导组意见 (column 7) to 备注: it then lands in extra under 备注's header text
    client.post(reverse("imports:batch", args=[batch.pk]), {"col_7": "remarks"})
    batch.refresh_from_db()
    assert batch.mapping == {"7": "remarks"}
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and Problem.objects.filter(campaign=world.campaign()).count() == 2
    again = client.post(reverse("imports:confirm", args=[batch.pk]))
    assert again.status_code == 302 and Problem.objects.filter(campaign=world.campaign()).count() == 2


def test_a_corrected_mapping_is_remembered_for_the_same_header(login, world):
    client = login("county_office")
    upload(client, ledger_bytes())
    first = ImportBatch.objects.get()
    client.post(reverse("imports:batch", args=[first.pk]), {"col_7": "remarks"})
    upload(client, ledger_bytes(), name="台账（改）.xlsx")
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert second.mapping == {"7": "remarks"} and "更正的列对应关系" in second.message
    page = client.get(reverse("imports:batch", args=[second.pk])).content.decode()
    assert "更正的列对应关系" in page and 'class="text-muted ms-2"' in page
    upload(client, xlsx_bytes([["序号", "问题", "整改措施"], [1, "另一张表", "措施"]]), name="另一张.xlsx")
    assert ImportBatch.objects.order_by("-pk").first().mapping == {}  # another header: nothing carried over


def test_with_several_ledger_sheets_the_user_chooses_one(login, world):
    import xlsxwriter

    from taizhang.imports.tests.factories import HEAD

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    notes = wb.add_worksheet("填表说明")
    notes.write("A1", "请按表头填写，每个问题一行。")
    for name, title in (("一季度", "学习不够系统"), ("二季度", "会议偏多")):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, HEAD)
        ws.write_row(1, 0, [1, "东县县委", "理论学习", title, "制定计划", "张某某", "2026年12月底", ""])
    wb.close()
    client = login("county_office")
    upload(client, buf.getvalue())
    batch = ImportBatch.objects.get()
    assert batch.sheet == "一季度" and batch.header["sheets"] == ["一季度", "二季度"]
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert 'name="sheet"' in page and "填表说明" not in page
    client.post(reverse("imports:batch", args=[batch.pk]), {"sheet": "二季度"})
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.sheet == "二季度" and batch.status == BatchStatus.DONE
    assert list(Problem.objects.filter(campaign=world.campaign()).values_list("title", flat=True)) == ["会议偏多"]
    client.post(reverse("imports:batch", args=[batch.pk]), {"sheet": "一季度"})
    batch.refresh_from_db()
    assert batch.sheet == "二季度"  # a finished batch stays as it was imported


def test_errors_block_the_import_and_are_downloadable(login, world):
    client = login("county_office")
    bad = [3, "远县县委", "理论学习", "越权", "措施", "", "2026-12-01", None]
    upload(client, ledger_bytes(*ROWS, bad))
    batch = ImportBatch.objects.get()
    assert "确认导入" not in client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    response = client.get(reverse("imports:errors", args=[batch.pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
    assert rows[0][-1] == "错误说明" and "权限范围" in rows[5][-1] and rows[2][-1] == ""


def test_broken_files_get_a_chinese_message_not_a_500(login, world):
    client = login("county_office")
    for data, name in [(b"PK\x03\x04garbage", "坏.xlsx"), (b"%PDF-1.4", "伪装.xlsx"), (b"", "空.xlsx"),
                       (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "加密.xls")]:
        response = upload(client, data, name)
        assert response.status_code in (200, 302)
        batch = ImportBatch.objects.order_by("-pk").first()
        if response.status_code == 302:
            assert batch.status == BatchStatus.FAILED and batch.message
            page = client.get(response["Location"])
            assert page.status_code == 200 and batch.message in page.content.decode()


def test_templates_have_headers_example_and_notes(login, world):
    client = login("county_office")
    for kind in ("problems", "units", "users", "research", "study", "matters", "institutions"):
        response = client.get(reverse("imports:template", args=[kind]))
        book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
        assert book.sheet_names[1] == "填表说明"
        rows = book.get_sheet_by_index(0).to_python()
        assert len(rows) == 2 and all(rows[0])


@pytest.mark.parametrize("kind", ["problems", "units", "users", "research", "study", "matters", "institutions"])
def test_template_imports_cleanly(world, kind):
    from taizhang.imports.importers import importer_for, run_import
    from taizhang.imports.templates_xlsx import template_workbook

    campaign = world.campaign() if importer_for(kind).needs_campaign else None
    result = run_import(actor=None, kind=kind, data=template_workbook(kind, kind), filename="t.xlsx",
                        campaign=campaign, dry_run=True)
    assert (result.created, result.errors) == (1, [])


def test_ledger_list_has_an_export_button_and_export_respects_filters(login, world):
    from taizhang.imports.importers import run_import

    run_import(actor=world.county_office, kind="problems", data=ledger_bytes(), filename="a.xlsx",
               campaign=world.campaign())
    client = login("county_office")
    assert reverse("imports:export") in client.get(reverse("ledger:list")).content.decode()
    response = client.get(reverse("imports:export"), {"campaign": "test-campaign", "unit": "T1"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))) \
        .get_sheet_by_index(0).to_python()
    assert [r[5] for r in rows[3:]] == ["会议偏多"]
    outsider = login("outsider")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(
        outsider.get(reverse("imports:export"), {"campaign": "test-campaign"}).streaming_content))) \
        .get_sheet_by_index(0).to_python()
    assert len(rows) == 3  # title, note and header: nothing of 东县 leaks


def test_large_export_runs_as_a_job_with_a_download(login, world, settings, django_capture_on_commit_callbacks):
    from taizhang.imports.importers import run_import

    run_import(actor=world.county_office, kind="problems", data=ledger_bytes(), filename="a.xlsx",
               campaign=world.campaign())
    settings.EXPORT_SYNC_LIMIT = 1
    client = login("county_office")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("imports:export"), {"campaign": "test-campaign"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("imports:export_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == "done" and job.done == 2
    page = client.get(response["Location"]).content.decode()
    assert reverse("imports:export_download", args=[job.pk]) in page
    assert client.get(reverse("imports:export_download", args=[job.pk])).status_code == 200


@pytest.mark.parametrize("data", ["栽栽栽栽栽栽栽栽栽栽".encode("gb18030"), "序号,问题,整改措施\n".encode()])
def test_a_csv_with_nothing_to_import_fails_instead_of_succeeding_with_0_rows(login, world, data):
    upload(login("county_office"), data, "台账.csv")
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.status == BatchStatus.FAILED
    assert "没有识别到可导入的数据行" in batch.message or "没有找到可识别的表头" in batch.message


def test_an_unterminated_quote_fails_the_batch_and_creates_nothing(login, world):
    data = "序号,问题,整改措施\n1,\"没有结束的引号,措施\n2,问题二,措施二\n".encode()
    upload(login("county_office"), data, "台账.csv")
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch.status == BatchStatus.FAILED and "引号没有结束" in batch.message
    assert not Problem.objects.filter(title__contains="引号").exists()


def test_a_sheet_without_a_recognisable_header_says_so(login, world):
    client = login("county_office")
    upload(client, xlsx_bytes([["甲", "乙", "丙"], ["一", "二", "三"], ["四", "五", "六"]]), name="无表头.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED and "没有找到可识别的表头" in batch.message
    assert batch.rows == 0 and not Problem.objects.filter(campaign=world.campaign()).exists()


def test_the_check_page_imports_the_valid_rows_directly(login, world):
    client = login("county_office")
    bad = [3, "远县县委", "理论学习", "越权", "措施", "", "2026-12-01", None]
    upload(client, ledger_bytes(*ROWS, bad))
    batch = ImportBatch.objects.get()
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "只导入正确的行" in page and "有错误的 1 行不导入" in page
    client.post(reverse("imports:confirm", args=[batch.pk]), {"valid_only": "1"})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE and batch.partial and batch.created == 2
    assert Problem.objects.filter(campaign=world.campaign()).count() == 2

"""佐证材料: allowed types sniffed from the content, a size cap, names that never become paths, and
downloads under the original Chinese name within the owner's scope only."""

import io
import zipfile
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core import storage
from taizhang.core.exceptions import ValidationFailed
from taizhang.ledger import services
from taizhang.ledger.evidence import clean_name, evidence_name
from taizhang.ledger.tests import factories as F


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def upload(world, name, content):
    p = F.problem(world)
    return services.attachment_add(actor=world.county_office, problem=p,
                                   files=[SimpleUploadedFile(name, content)])[0]


def test_a_pdf_is_stored_by_its_hash(world):
    a = upload(world, "整改报告.pdf", F.PDF)
    assert storage.read_bytes(evidence_name(a.sha256)) == F.PDF
    assert (a.extension, a.content_type, a.size) == ("pdf", "application/pdf", len(F.PDF))


def test_a_docx_is_recognised_inside_its_zip(world):
    assert upload(world, "方案.docx", _docx()).extension == "docx"


@pytest.mark.parametrize(("name", "content"), [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 60),  # a renamed .exe
    ("照片.png", F.PDF),  # content does not match the extension
    ("表格.xlsx", _docx()),  # a Word zip named as a spreadsheet
    ("脚本.html", b"<script>"),
    ("无扩展名", F.PDF),
])
def test_wrong_types_are_refused(world, name, content):
    with pytest.raises(ValidationFailed, match="类型|不符"):
        upload(world, name, content)


def test_an_oversize_file_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationFailed, match="超过大小上限"):
        upload(world, "大文件.pdf", F.PDF + b"0" * 200)


@pytest.mark.parametrize(("raw", "clean"), [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system32\\报告.pdf", "报告.pdf"),
    ("/abs/path/整改.pdf", "整改.pdf"),
    ("a\x00b\n.pdf", "ab.pdf"),
    ("..", "附件"),
])
def test_path_parts_are_stripped_from_names(raw, clean):
    assert clean_name(raw) == clean


def test_a_traversal_name_never_reaches_the_disk(world, settings, tmp_path):
    a = upload(world, "../../../../tmp/evil.pdf", F.PDF)
    assert a.original_name == "evil.pdf"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [a.sha256]
    assert not (tmp_path / "evil.pdf").exists()


def test_a_chinese_name_round_trips_on_download(world, login):
    a = upload(world, "东县2026年整改报告（终稿）.pdf", F.PDF)
    response = login("county_office").get(f"/ledger/attachments/{a.pk}/")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''" + quote("东县2026年整改报告（终稿）.pdf") in disposition
    assert b"".join(response.streaming_content) == F.PDF


def test_a_download_outside_the_scope_is_not_found(world, login):
    a = upload(world, "报告.pdf", F.PDF)
    assert login("outsider").get(f"/ledger/attachments/{a.pk}/").status_code == 404
    assert login("outsider_office").get(f"/api/v1/problems/attachments/{a.pk}").status_code == 404

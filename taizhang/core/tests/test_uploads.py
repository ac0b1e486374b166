"""Attachments of materials, institutions, study and research are sniffed like the evidence files (issue 17)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.exceptions import ValidationFailed
from taizhang.core.uploads import check_upload

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.mark.parametrize(("name", "data"), [
    ("制度.pdf", b"MZ\x90\x00\x03 this is an executable"),
    ("制度.pdf", b"<html><script>alert(1)</script></html>"),
    ("照片.png", PDF),
    ("说明.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
    ("报告.docx", b"PK\x03\x04 not a real office file"),
])
def test_content_that_is_not_what_the_extension_says_is_refused(name, data):
    with pytest.raises(ValidationFailed, match="内容与扩展名") as exc:
        check_upload(SimpleUploadedFile(name, data), field="attachment")
    assert exc.value.field == "attachment"


@pytest.mark.parametrize(("name", "data"), [
    ("制度.pdf", PDF), ("照片.png", PNG), ("说明.txt", "学习心得".encode()), ("说明.txt", "学习心得".encode("gbk")),
])
def test_genuine_files_pass(name, data):
    assert check_upload(SimpleUploadedFile(name, data), field="attachment") == name.rsplit(".", 1)[1]


def test_an_institution_with_a_disguised_file_is_refused(world):
    from taizhang.institutions.services import institution_create

    with pytest.raises(ValidationFailed, match="内容与扩展名"):
        institution_create(actor=world.county_office, campaign=world.campaign(), unit=world.unit("K1"),
                           title="制度", kind="new", upload=SimpleUploadedFile("制度.pdf", b"<html>x</html>"))


def test_an_institution_file_downloads_within_scope_and_nowhere_else(world, login, settings, tmp_path):
    from taizhang.institutions.tests.factories import make_institution
    from taizhang.testing import with_file

    settings.MEDIA_ROOT = tmp_path
    inst = with_file(make_institution(world), "attachment", name="议事规则.pdf")
    page = login("county_office").get(f"/institutions/{inst.pk}/").content.decode()
    assert f'href="/institutions/{inst.pk}/file/"' in page and "/media/" not in page
    response = login("county_office").get(f"/institutions/{inst.pk}/file/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert login("outsider").get(f"/institutions/{inst.pk}/file/").status_code == 404

"""Submitting materials: typed text, .docx and .txt extraction, .pdf with or without pdftotext."""

import io
import shutil

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from taizhang.core.exceptions import ValidationFailed
from taizhang.materials import services
from taizhang.materials.tests.factories import make_material


def _docx(text: str) -> bytes:
    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_text_is_extracted_from_a_docx(world):
    upload = SimpleUploadedFile("发言.docx", _docx("一、提高政治站位\n二、狠抓整改落实"))
    material = make_material(world, body="", upload=upload)
    assert material.text_extracted and "狠抓整改落实" in material.body and material.file_name == "发言.docx"


def test_text_is_extracted_from_a_gbk_txt(world):
    material = make_material(world, body="", upload=SimpleUploadedFile("心得.txt", "学习心得体会".encode("gb18030")))
    assert material.body == "学习心得体会"


def test_a_pdf_is_kept_even_without_text(world, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    material = make_material(world, body="", upload=SimpleUploadedFile("总结.pdf", b"%PDF-1.4 not really"))
    assert material.file and not material.text_extracted


def test_other_file_types_are_refused(world):
    with pytest.raises(ValidationFailed, match="类型不允许"):
        make_material(world, body="", upload=SimpleUploadedFile("a.xlsx", b"PK.."))


def test_an_empty_submission_is_refused(world):
    with pytest.raises(ValidationFailed, match="正文"):
        make_material(world, body="")


def test_a_compilation_keeps_its_order(world):
    office = world.county_office
    comp = services.compilation_create(actor=office, campaign=world.campaign(), unit=world.unit("K1"), title="汇编")
    first, second = make_material(world, title="甲"), make_material(world, title="乙")
    services.compilation_add(actor=office, compilation=comp, material=first)
    item = services.compilation_add(actor=office, compilation=comp, material=second)
    services.compilation_move(actor=office, compilation=comp, item_id=item.pk, offset=-1)
    assert [i.material.title for i in comp.items.all()] == ["乙", "甲"]

"""The demo's evidence files (佐证材料): a 整改完成情况说明 in Word and a photo of the site, made here, checked and
stored like an upload (content-addressed, so each is stored once) and cited by the demo's closure requests."""

from __future__ import annotations

import io
import struct
import zlib


def _report_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("整改完成情况说明", level=1)
    for text in ("对照问题清单逐项制定整改措施，明确责任人和完成时限，已全部按要求完成。",
                 "整改过程中建立工作台账，定期调度推进，相关制度已印发执行。",
                 "附：整改前后对比照片、会议记录、制度文件。"):
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _site_photo_png(width: int = 160, height: int = 120) -> bytes:
    """A small landscape-like picture (sky over a field) as a PNG, written without an imaging library."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            if y < height * 0.55:
                row += bytes((120 + y // 2, 170 + y // 3, 230))
            else:
                row += bytes((70 + x // 8, 140 + (x + y) % 40, 60))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def evidence_files() -> list[dict]:
    """The stored files' Attachment fields (sha256, size, content type, extension, name)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from taizhang.ledger.evidence import validate_and_store

    return [validate_and_store(SimpleUploadedFile("整改完成情况说明.docx", _report_docx())),
            validate_and_store(SimpleUploadedFile("整改现场照片.png", _site_photo_png()))]

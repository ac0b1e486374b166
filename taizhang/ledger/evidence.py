"""佐证材料 storage: allow-listed types, a size cap, the type sniffed from the content, files named by hash.

The uploaded name is kept (cleaned) only to be offered on download; the stored file is named
evidence/ab/cd/<sha256> in the attachment store (taizhang.core.storage), so no user input ever becomes part of a
path.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import zipfile

from django.conf import settings
from django.http import FileResponse, Http404

from taizhang.core import storage
from taizhang.core.exceptions import ValidationFailed

ALLOWED_EXTENSIONS = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "jpg", "png")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "wps": "application/vnd.ms-works",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "et": "application/vnd.ms-excel",
    "jpg": "image/jpeg",
    "png": "image/png",
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"


def clean_name(name: str) -> str:
    """The file name without any directory part or control characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 120 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 8 else name[:120]
    return name or "附件"


def _zip_kinds(head_and_file) -> set[str]:
    try:
        with zipfile.ZipFile(head_and_file) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return set()
    kinds = set()
    if any(n.startswith("word/") for n in names):
        kinds |= {"docx", "wps"}
    if any(n.startswith("xl/") for n in names):
        kinds |= {"xlsx", "et"}
    if any(n.lower().endswith("ofd.xml") for n in names):
        kinds.add("ofd")
    return kinds


def sniff(fileobj) -> set[str]:
    """The extensions the content could legitimately carry (empty: not an allowed type)."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return {"pdf"}
    if head.startswith(b"\xff\xd8\xff"):
        return {"jpg"}
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return {"png"}
    if head.startswith(OLE2):
        return {"doc", "xls", "wps", "et"}
    if head.startswith(ZIP):
        kinds = _zip_kinds(fileobj)
        fileobj.seek(0)
        return kinds
    return set()


def evidence_name(sha256: str) -> str:
    """The stored file's name in the attachment store."""
    return f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def evidence_file(row) -> FileResponse:
    """A stored evidence file (a problem's or a 督办单's attachment) under its original (Chinese) name, as the
    pages and the API download it; Django writes RFC 5987 filename* for it."""
    try:
        handle = storage.open_read(evidence_name(row.sha256))
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=row.original_name, content_type=row.content_type)


def validate_and_store(uploaded) -> dict:
    """Check an uploaded file and store it; returns the Attachment fields (sha256, size, type, name).

    Raises ValidationFailed with a Chinese message naming the file when it is refused.
    """
    name = clean_name(getattr(uploaded, "name", ""))
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "jpeg":
        ext = "jpg"
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, os.SEEK_END)
        size = uploaded.tell()
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationFailed(f"「{name}」的文件类型不允许，只能上传：{'、'.join(ALLOWED_EXTENSIONS)}",
                               field="file")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationFailed(f"「{name}」超过大小上限 {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB",
                               field="file")
    if size == 0:
        raise ValidationFailed(f"「{name}」是空文件", field="file")
    fileobj = uploaded.file if hasattr(uploaded, "file") else uploaded
    if not hasattr(fileobj, "seekable") or not fileobj.seekable():
        fileobj = io.BytesIO(uploaded.read())
    if ext not in sniff(fileobj):
        raise ValidationFailed(f"「{name}」的内容与扩展名 .{ext} 不符（文件内容不是允许的类型）", field="file")
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    sha = digest.hexdigest()
    fileobj.seek(0)
    # The store writes beside the target and moves the file into place, so nobody sees half a file; a full disk
    # or an unreachable object store raises, and the caller's transaction rolls back the record it belonged to.
    storage.put(evidence_name(sha), fileobj, shown=name)
    return {"sha256": sha, "size": size, "content_type": CONTENT_TYPES[ext], "extension": ext, "original_name": name}

"""The allow-list and size cap for files attached to workstream records."""

from __future__ import annotations

import codecs
from pathlib import PurePath

from django.conf import settings
from django.http import FileResponse, Http404

from taizhang.core.exceptions import ValidationFailed

DOCUMENT_EXTENSIONS = ("pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "jpg", "png", "txt")


def check_upload(upload, *, field: str, extensions: tuple[str, ...] = DOCUMENT_EXTENSIONS) -> str:
    """Validate an uploaded file's type and size; returns its lower-case extension."""
    name = PurePath(upload.name or "").name
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in extensions:
        raise ValidationFailed(f"文件「{name}」的类型不允许，可上传：{'、'.join(extensions)}", field=field)
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationFailed(f"文件「{name}」超过大小上限 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB",
                               field=field)
    if upload.size == 0:
        raise ValidationFailed(f"文件「{name}」是空文件", field=field)
    if not _content_fits(upload, ext):
        raise ValidationFailed(f"文件「{name}」的内容与扩展名 .{ext} 不符（文件内容不是允许的类型）", field=field)
    return ext


def _content_fits(upload, ext: str) -> bool:
    """Whether the content is what the extension says, sniffed as the evidence files are (a renamed .exe or
    .html is refused); plain text must decode as UTF-8 or GB18030 and hold no NUL byte."""
    from taizhang.ledger.evidence import sniff  # model-free; shared so both uploads sniff alike

    fileobj = upload.file if hasattr(upload, "file") else upload
    try:
        if ext == "txt":
            fileobj.seek(0)
            head = fileobj.read(65536)
            fileobj.seek(0)
            if b"\x00" in head:
                return False
            for encoding in ("utf-8", "gb18030"):
                try:
                    codecs.getincrementaldecoder(encoding)().decode(head, final=False)
                    return True
                except UnicodeDecodeError:
                    continue
            return False
        return ext in sniff(fileobj)
    finally:
        fileobj.seek(0)


def stored_file(field_file, filename: str = "") -> FileResponse:
    """A record's stored file as a download under its original name. The caller has fetched the record from
    the user's scope (its selector answers 404 outside it), so a link works for exactly those who see it."""
    if not field_file:
        raise Http404("文件不存在")
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=filename or PurePath(field_file.name).name)

"""The allow-list and size cap for files attached to workstream records."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings

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
    return ext

"""What taizhang answers when what it stands on fails: the database goes away, the disk fills up.

- A database that cannot be reached answers 503 — a self-contained Chinese page (it reads nothing from the
  database) or `{"message": …}` under /api/ — and nothing has to be restarted: Django drops a connection that
  failed at the end of the request (`close_old_connections`) and the next request connects anew.
- A full disk under the database answers 507 with its own message, not "unreachable".
- Writes a reading request makes on the side (the session's idle-timeout refresh, an API token's last use) are
  tolerant: when they fail, the request still answers (taizhang.core.sessions, taizhang.api.auth).
- Uploaded files that cannot be written raise `StorageFull` (a TaizhangError, so the form or the API shows the
  message and the service's transaction leaves no record behind).
"""

from __future__ import annotations

import errno
import logging

from django.db import DatabaseError, InterfaceError, OperationalError

from taizhang.core.exceptions import TaizhangError

log = logging.getLogger("taizhang.faults")

UNAVAILABLE_TITLE = "系统暂时无法使用"
UNAVAILABLE_TEXT = "数据库暂时无法连接，请稍后刷新重试。如持续出现，请联系系统管理员。"
DISK_FULL_TITLE = "存储空间不足"
DISK_FULL_TEXT = "服务器存储空间不足，本次修改未保存。浏览和查询不受影响，请联系系统管理员清理空间后重试。"

# What the database drivers say when the disk under the database is full.
_DISK_FULL_WORDS = ("database or disk is full", "no space left on device", "could not extend file",
                    "disk full", "is full")
_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class StorageFull(TaizhangError):
    """An uploaded file could not be stored (the disk or the quota is full)."""

    status_code = 507

    def __init__(self, name: str = ""):
        what = f"文件「{name}」" if name else "文件"
        super().__init__(f"服务器存储空间不足，{what}未保存，请联系系统管理员", field="file")


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        return True
    if isinstance(exc, DatabaseError):
        cause = exc.__cause__
        if getattr(cause, "sqlstate", None) == "53100":  # PostgreSQL disk_full
            return True
        if getattr(cause, "args", None) and cause.args and cause.args[0] in (1021, 1114):  # MariaDB
            return True
        text = str(exc).lower()
        return any(word in text for word in _DISK_FULL_WORDS)
    return False


def is_database_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached (refused, dropped, restarting) — not a bad query."""
    return isinstance(exc, OperationalError | InterfaceError) and not is_disk_full(exc)


def storage_error(exc: OSError, name: str = "") -> TaizhangError:
    """The error to raise for an OSError while storing an uploaded file."""
    if exc.errno in _DISK_FULL_ERRNOS:
        log.error("storage full while writing %s: %s", name, exc)
        return StorageFull(name)
    log.error("cannot write uploaded file %s: %s", name, exc)
    return StorageFull(name) if exc.errno in (errno.EROFS, errno.EACCES) else TaizhangError(
        f"文件「{name}」未能保存（服务器存储出错），请联系系统管理员")


def fault_response(request, exc: BaseException | None):
    """The answer for an exception that reached the site's error handler, when it is a fault of the database or
    the disk; None for any other error."""
    if exc is None:
        return None
    if is_database_unavailable(exc):
        log.error("database unavailable: %s", exc)
        return _answer(request, 503, UNAVAILABLE_TITLE, UNAVAILABLE_TEXT, retry_after=True)
    if is_disk_full(exc):
        log.error("disk full: %s", exc)
        return _answer(request, 507, DISK_FULL_TITLE, DISK_FULL_TEXT)
    return None


def _answer(request, status: int, title: str, text: str, *, retry_after: bool = False):
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string

    if request.path_info.startswith("/api/") or request.path_info in ("/healthz", "/readyz"):
        response = JsonResponse({"ok": False, "message": f"{title}：{text}"}, status=status)
    else:
        # No request context: the site's context processors read the database.
        response = HttpResponse(render_to_string("web/unavailable.html", {"status": status, "title": title,
                                                                           "text": text}), status=status)
    if retry_after:
        response["Retry-After"] = "30"
    return response


def writable(directory) -> str | None:
    """None when a file can be created in `directory`, else why not (in Chinese). Tried for real: a permission
    check says nothing for root, a read-only mount or a full disk."""
    import os
    import tempfile
    from pathlib import Path

    path = Path(directory)
    if not path.is_dir():
        return f"目录 {path} 不存在"
    try:
        fd, name = tempfile.mkstemp(dir=path, prefix=".taizhang-write-check-")
        try:
            os.write(fd, b"ok")
        finally:
            os.close(fd)
            os.unlink(name)
    except OSError as exc:
        return f"目录 {path} 无法写入（{exc.strerror or exc}）"
    return None


def readiness() -> dict:
    """The checks of /readyz: each {"ok": bool, "message": str}."""
    from django.conf import settings
    from django.db import connection

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "message": "正常"}
    except DatabaseError as exc:
        log.error("readyz: database: %s", exc)
        checks["database"] = {"ok": False, "message": "数据库无法连接" if not is_disk_full(exc) else "数据库存储空间不足"}
    if settings.REDIS_URL:
        try:
            import redis

            client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            client.ping()
            checks["redis"] = {"ok": True, "message": "正常"}
        except Exception as exc:  # any failure of the client means not ready
            log.error("readyz: redis: %s", exc)
            checks["redis"] = {"ok": False, "message": "Redis 无法连接"}
    from pathlib import Path

    from taizhang.core import storage

    if storage.is_local():
        media = Path(settings.MEDIA_ROOT)
        problem = writable(media if media.exists() else settings.DATA_DIR)
    else:
        problem = storage.probe()
    checks["storage"] = {"ok": problem is None, "message": problem or "正常"}
    return checks

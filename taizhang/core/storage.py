"""The attachment store (STORAGES["default"]) and the few operations taizhang needs from it.

Two back ends, chosen by the environment (see docs/deployment.md):

- `TaizhangStorage`, the file system under MEDIA_ROOT (TAIZHANG_DATA_DIR/files), which several app servers can
  share over NFS. A file is written to a temporary name beside its target and linked into place, so a reader
  (or a later upload of the same content) never finds half a file, even after the process was killed; a file that
  cannot be written (full disk, read-only mount) leaves nothing behind and raises `StorageFull`.
- `taizhang.core.storage_s3.TaizhangS3Storage`, an S3-compatible object store (MinIO, Ceph RGW, a government cloud's OSS) through
  django-storages, when TAIZHANG_S3_BUCKET is set. Objects stay private: every download goes through taizhang's
  own views, which check the user's scope first.

Every file taizhang keeps — evidence by its SHA-256, import batches, finished exports, the FileFields of
materials, institutions, study, research and reports — goes through the functions below, so code never builds a
file system path for stored data.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, storages

from taizhang.core.exceptions import TaizhangError
from taizhang.core.faults import StorageFull, storage_error

log = logging.getLogger("taizhang.storage")

# Names that are the store's own working files, never data: partial writes and the readiness probe.
WORK_PREFIX = ".taizhang-"


class StorageUnavailable(TaizhangError):
    def __init__(self, name: str = ""):
        shown = f"「{name}」" if name else ""
        super().__init__(f"文件{shown}未能读写：附件存储暂时无法访问，请稍后重试或联系系统管理员")


def copy_chunks(content: File, out) -> None:
    for chunk in content.chunks():
        out.write(chunk)


class TaizhangStorage(FileSystemStorage):
    def _save(self, name, content):
        while True:
            full = self.path(name)
            directory = os.path.dirname(full)
            tmp = None
            try:
                os.makedirs(directory, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=directory, prefix=WORK_PREFIX + "part-")
                with os.fdopen(fd, "wb") as out:
                    copy_chunks(content, out)
                if self.file_permissions_mode is not None:
                    os.chmod(tmp, self.file_permissions_mode)
                try:
                    os.link(tmp, full)  # fails if the name was taken meanwhile: never overwrite
                except FileExistsError:
                    name = self.get_available_name(name)
                    continue
                return str(name).replace("\\", "/")
            except FileExistsError:
                raise
            except OSError as exc:
                raise storage_error(exc, os.path.basename(name)) from None
            finally:
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)


def store():
    return storages["default"]


def is_local(storage=None) -> bool:
    return isinstance(storage or store(), FileSystemStorage)


@contextlib.contextmanager
def _guard(name: str):
    """Turn a back end's failure into a message the user can act on; a missing file stays FileNotFoundError."""
    try:
        yield
    except StorageFull:
        raise StorageFull(name) from None  # named as the user knows the file, not by its hash
    except (TaizhangError, FileNotFoundError):
        raise
    except OSError as exc:
        if is_local():
            raise storage_error(exc, name) from None
        log.error("attachment store failed on %s: %s", name, exc)
        raise StorageUnavailable(name) from None
    except Exception as exc:
        if is_local():
            raise
        log.error("attachment store failed on %s: %s", name, exc)  # botocore's errors, a refused connection
        raise StorageUnavailable(name) from None


def put(name: str, content, *, shown: str = "") -> str:
    """Store `content` (bytes or a file object) under `name` unless a file of that name exists (names of stored
    content are derived from it, so an existing one holds the same bytes). Returns the name."""
    with _guard(shown or name):
        storage = store()
        if storage.exists(name):
            return name
        if isinstance(content, bytes):
            content = ContentFile(content)
        elif not isinstance(content, File):
            content = File(content)
        saved = storage.save(name, content)
        if saved != name:  # another upload of the same content won the race: keep one copy
            storage.delete(saved)
    return name


def replace(name: str, content, *, shown: str = "") -> str:
    """Store `content` under `name`, replacing what was there (a finished export written again)."""
    with _guard(shown or name):
        storage = store()
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, ContentFile(content) if isinstance(content, bytes) else File(content))
    return saved


def exists(name: str) -> bool:
    with _guard(name):
        return store().exists(name)


def open_read(name: str):
    """An open binary file; FileNotFoundError when there is no such file."""
    with _guard(name):
        storage = store()
        if not storage.exists(name):
            raise FileNotFoundError(name)
        return storage.open(name, "rb")


def read_bytes(name: str) -> bytes:
    with open_read(name) as f:
        return f.read()


def delete(name: str) -> None:
    with _guard(name):
        store().delete(name)


def size(name: str) -> int:
    with _guard(name):
        return store().size(name)


def walk(prefix: str = "") -> Iterator[str]:
    """Every stored file's name under `prefix` (all of them by default), sorted, working files left out."""
    storage = store()

    def visit(directory: str) -> Iterator[str]:
        try:
            dirs, files = storage.listdir(directory)
        except FileNotFoundError:
            return
        base = f"{directory.rstrip('/')}/" if directory else ""
        for d in sorted(dirs):
            if not d.startswith(WORK_PREFIX):
                yield from visit(base + d)
        for f in sorted(files):
            if not f.startswith(WORK_PREFIX):
                yield base + f

    with _guard(prefix or "/"):
        yield from visit(prefix)


def probe() -> str | None:
    """None when a file can be written, read back and removed; otherwise what is wrong, in Chinese."""
    storage = store()
    name = f"{WORK_PREFIX}readyz"
    try:
        written = storage.save(name, ContentFile(b"ok"))
        try:
            with storage.open(written, "rb") as f:
                ok = f.read() == b"ok"
        finally:
            storage.delete(written)
    except Exception as exc:  # any failure of the back end means not ready
        log.error("readyz: storage: %s", exc)
        where = getattr(storage, "location", "") if is_local(storage) else getattr(storage, "bucket_name", "")
        return f"附件存储 {where} 无法写入" if where else "附件存储无法写入"
    return None if ok else "附件存储读回的内容不一致"

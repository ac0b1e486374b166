"""The default file storage (STORAGES["default"]): Django's file system storage, except that a file that cannot
be written (full disk, read-only mount) leaves no partial file behind and raises `StorageFull` — a
TaizhangError the form or the API shows, while the service's transaction leaves no record behind."""

import contextlib
import os

from django.core.files.storage import FileSystemStorage

from taizhang.core.faults import storage_error


class TaizhangStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as exc:
            if isinstance(exc, FileExistsError):
                raise
            # The name was free when Django chose it (it opens with O_EXCL), so a file there now is our partial one.
            with contextlib.suppress(OSError):
                os.unlink(self.path(name))
            raise storage_error(exc, os.path.basename(name)) from None

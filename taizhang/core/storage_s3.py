"""The S3-compatible attachment store, used when TAIZHANG_S3_BUCKET is set (needs the `s3` extra:
django-storages and boto3). Imported only by STORAGES, so an installation without the extra never loads it."""

from storages.backends.s3 import S3Storage


class TaizhangS3Storage(S3Storage):
    """Private objects (no ACL, no public URL is ever handed out: downloads pass through taizhang's views), never
    overwritten by a save (a taken name gets a suffix, as on the file system)."""

    default_acl = None
    file_overwrite = False
    querystring_auth = True

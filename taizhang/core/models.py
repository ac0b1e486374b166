"""Abstract bases shared by every app's models."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by people: `version` grows by one on every save through a service.

    Services compare the version a form was loaded with against the stored one
    (see taizhang.audit.versioning.save_versioned) so a second editor never overwrites the first.
    """

    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """An uploaded file kept under MEDIA_ROOT by its SHA-256 (taizhang.ledger.evidence checks and stores it);
    `original_name` is only for the download's file name, never a path."""

    sha256 = models.CharField("内容哈希", max_length=64)
    size = models.PositiveBigIntegerField("大小")
    content_type = models.CharField("类型", max_length=100)
    extension = models.CharField("扩展名", max_length=8)
    original_name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class CreatedByModel(models.Model):
    """The account that first wrote a record (kept, as 空, when that account is deleted)."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="创建人")

    class Meta:
        abstract = True


def person_or_name(field: str) -> property:
    """The display of a person kept as an account where there is one and as a typed name otherwise: the
    foreign key `<field>` and the text `<field>_name` (problems' 责任领导, topics' 领题人, matters' 领办领导 …)."""

    def display(self) -> str:
        return str(getattr(self, field)) if getattr(self, f"{field}_id") else getattr(self, f"{field}_name")

    return property(display)

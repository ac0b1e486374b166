"""Abstract bases shared by every app's models."""

from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A record edited by people: `version` grows by one on every save through a service.

    Services compare the version a form was loaded with against the stored one
    (see taizhang.core.services.save_versioned) so a second editor never overwrites the first.
    """

    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        abstract = True

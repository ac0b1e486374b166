"""Bulk writes of the demo generator."""

from __future__ import annotations


def bulk_insert(model, objs: list, batch_size: int = 2000) -> list:
    """bulk_create that leaves every object with its primary key on every database.

    Databases that do not return ids from a bulk insert get them read back: the demo generator is the
    only writer, so the new rows are exactly those above the previous maximum id, in insertion order.
    """
    from django.db.models import Max

    if not objs:
        return objs
    before = model.objects.aggregate(m=Max("pk"))["m"] or 0
    model.objects.bulk_create(objs, batch_size=batch_size)
    if any(o.pk is None for o in objs):
        ids = list(model.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True))
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk
    return objs

"""Keeping the index current on every write.

Three paths reach it: a record saved or deleted through the ORM (post_save / post_delete of the indexed models,
which also covers the rows a cascade deletes); a service write that saves with a conditional UPDATE (the
optimistic lock, the lifecycle), which the ORM signals do not see but whose audit event names the record — the
record is read again and its row rewritten; and the bulk paths (an Excel import of problems, a carry-over), whose
audit event names the campaign — its records without a row are indexed then.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from taizhang.search import index

# Audit actions written once for many records created in bulk, on the campaign (or import batch) they went into.
BULK_ACTIONS = frozenset({"problem.import", "campaign.carry_over", "import.batch"})


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.index_record(instance)


def _deleted(sender, instance, **kwargs):
    source = index.BY_LABEL.get(instance._meta.label_lower)
    if source is not None:
        index.forget(source.kind, instance.pk)


def _audited(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created or not instance.object_type:
        return
    if instance.object_type in index.BY_LABEL:
        index.reindex(instance.object_type, instance.object_id)
    elif instance.action in BULK_ACTIONS:
        campaign = _campaign_of(instance)
        if campaign is not None:
            index.index_missing(campaign)


def _campaign_of(event):
    from django.apps import apps

    if event.object_type == "campaigns.campaign":
        return apps.get_model("campaigns", "Campaign").objects.filter(pk=event.object_id).first()
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        return None
    obj = model._base_manager.filter(pk=event.object_id).first()
    return getattr(obj, "campaign", None) if obj is not None and hasattr(model, "campaign") else None


def connect() -> None:
    from taizhang.audit.models import AuditEvent

    for source in index.SOURCES.values():
        post_save.connect(_saved, sender=source.model, dispatch_uid=f"search-save-{source.kind}")
        post_delete.connect(_deleted, sender=source.model, dispatch_uid=f"search-delete-{source.kind}")
    post_save.connect(_audited, sender=AuditEvent, dispatch_uid="search-audit")

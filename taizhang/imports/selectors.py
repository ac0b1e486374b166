"""Reads of the Excel pages: import batches and export jobs the user may see."""

from __future__ import annotations

from django.db.models import Q

from taizhang.core.exceptions import NotFound, TaizhangError
from taizhang.core.querysets import one_or_not_found
from taizhang.imports.models import ExportJob, ImportBatch
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import scope_q


def batches_for(user):
    """Import batches of the user's own, and those of the units the user reviews."""
    q = Q(created_by=user)
    review = scope_q(user, P.REVIEW)
    if review is not None:
        q |= review
    return ImportBatch.objects.filter(q).select_related("campaign", "unit", "created_by")


def batch_get(user, pk) -> ImportBatch:
    return one_or_not_found(batches_for(user), "导入批次不存在或不在您的权限范围内", pk=pk)


def import_unit(code: str) -> Unit:
    """The unit an upload is filed under; whether the user may import there is the service's check."""
    from taizhang.orgs.selectors import unit_matches, unit_miss_message

    matches = unit_matches(Unit.objects.all(), code)
    if len(matches) != 1:
        raise TaizhangError(unit_miss_message(code.strip(), matches), field="unit_code")
    return matches[0]


def export_job_get(user, pk) -> ExportJob:
    """One of the user's own export jobs, while it is still theirs to see."""
    from taizhang.imports.services import export_job_visible

    job = ExportJob.objects.filter(pk=pk, created_by=user).select_related("campaign", "unit").first()
    if job is None or not export_job_visible(user, job):
        raise NotFound("导出任务不存在")
    return job

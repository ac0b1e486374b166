"""All writes of institutions (建章立制)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from taizhang.audit.services import assign_fields, audit_record, record_update, snapshot
from taizhang.core.exceptions import ValidationFailed
from taizhang.core.uploads import check_upload
from taizhang.core.validation import full_clean_or_raise
from taizhang.institutions.models import Institution
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import require_action

INSTITUTION_FIELDS = ["title", "doc_number", "kind", "issued_date", "summary"]


def _check_duplicate(inst: Institution) -> None:
    if inst.doc_number and Institution.objects.filter(campaign=inst.campaign, unit=inst.unit,
                                                      doc_number=inst.doc_number).exclude(pk=inst.pk).exists():
        raise ValidationFailed(f"文号「{inst.doc_number}」已登记过", field="doc_number")


@transaction.atomic
def institution_create(*, actor, campaign, unit, title: str, kind: str = "new", doc_number: str = "",
                       issued_date: date | None = None, summary: str = "", upload=None) -> Institution:
    require_action(actor, unit, P.CREATE, message="您没有权限在该单位登记制度")
    inst = Institution(campaign=campaign, unit=unit, title=(title or "").strip(), kind=kind,
                       doc_number=(doc_number or "").strip(), issued_date=issued_date, summary=summary,
                       created_by=actor if getattr(actor, "pk", None) else None)
    full_clean_or_raise(inst)
    _check_duplicate(inst)
    if upload is not None:
        check_upload(upload, field="attachment")
        inst.attachment.save(upload.name, upload, save=False)
    inst.save()
    audit_record(actor=actor, action="institution.create", obj=inst, changes=snapshot(inst, INSTITUTION_FIELDS))
    return inst


@transaction.atomic
def institution_update(*, actor, institution: Institution, expected_version: int | None, upload=None,
                       **fields) -> Institution:
    require_action(actor, institution.unit, P.CHANGE, message="您没有权限修改该制度")
    before = assign_fields(institution, fields, allowed=INSTITUTION_FIELDS)
    full_clean_or_raise(institution)
    _check_duplicate(institution)
    names = list(fields)
    if upload is not None:
        check_upload(upload, field="attachment")
        institution.attachment.save(upload.name, upload, save=False)
        names.append("attachment")
    record_update(actor=actor, obj=institution, before=before, tracked=INSTITUTION_FIELDS,
                  expected_version=expected_version, fields=names, action="institution.update",
                  always=upload is not None)
    return institution

"""All writes of materials: submissions (typed or uploaded), grants on confidential ones, compilations."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import PermissionDenied, ValidationFailed
from taizhang.core.uploads import check_upload
from taizhang.core.validation import full_clean_or_raise
from taizhang.materials import selectors
from taizhang.materials.extract import extract_text
from taizhang.materials.models import (
    CONFIDENTIAL_GENRES,
    Compilation,
    CompilationItem,
    Material,
    MaterialGrant,
)
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action

UPLOAD_EXTENSIONS = ("docx", "txt", "pdf")


@transaction.atomic
def material_submit(*, actor, campaign, unit, genre: str, title: str, body: str = "", upload=None,
                    personal: bool = False, author_name: str = "") -> Material:
    """Submit a material for `unit`. Members (OWN) submit their own; clerks and offices (CREATE) too.
    Text typed in wins; otherwise the text is extracted from the upload where it can be."""
    if actor is not None and not (has_action(actor, P.CREATE, unit) or has_action(actor, P.OWN, unit)):
        raise PermissionDenied("您没有权限为该单位提交材料")
    material = Material(campaign=campaign, unit=unit, genre=genre, title=(title or "").strip(),
                        body=(body or "").strip(), personal=bool(personal),
                        author=actor if getattr(actor, "pk", None) else None,
                        author_name=author_name or (str(actor) if getattr(actor, "pk", None) else ""))
    material.confidential = material.personal or genre in CONFIDENTIAL_GENRES
    if upload is not None:
        ext = check_upload(upload, field="file", extensions=UPLOAD_EXTENSIONS)
        data = upload.read()
        upload.seek(0)
        text = extract_text(data, ext)
        material.file_name = upload.name[:200]
        if text is not None:
            material.text_extracted = True
            if not material.body:
                material.body = text.strip()
        material.file.save(upload.name, upload, save=False)
    if not material.body and not material.file:
        raise ValidationFailed("请填写正文或上传 .docx/.txt/.pdf 文件", field="body")
    full_clean_or_raise(material, exclude=["file"])
    material.save()
    audit_record(actor=actor, action="material.submit", obj=material,
                 changes={"genre": genre, "title": material.title, "confidential": material.confidential,
                          "file": material.file_name})
    from taizhang.similarity.services import material_check_queue

    material_check_queue(material)  # 查重 against the campaign's materials, run once this submission commits
    return material


def _may_manage(actor, material: Material) -> bool:
    """The author or the office of the author's unit may grant and revoke access."""
    if actor is None:
        return True
    return material.author_id == actor.pk or selectors.is_unit_office_of(actor, material)


@transaction.atomic
def material_grant(*, actor, material: Material, grantee) -> MaterialGrant:
    if not material.confidential:
        raise ValidationFailed("该材料不保密，无需授权")
    if not _may_manage(actor, material):
        raise PermissionDenied("只有作者本人或本单位主题教育办公室可以授权阅看")
    if not has_action(grantee, P.LEAD, material.unit):
        raise ValidationFailed(f"「{grantee}」不是该单位的领导，不能授权阅看", field="grantee")
    grant, created = MaterialGrant.objects.get_or_create(
        material=material, grantee=grantee,
        defaults={"granted_by": actor if getattr(actor, "pk", None) else None})
    if created:
        audit_record(actor=actor, action="material.grant", obj=material, changes={"grantee": grantee.username})
    return grant


@transaction.atomic
def material_revoke(*, actor, material: Material, grantee) -> None:
    if not _may_manage(actor, material):
        raise PermissionDenied("只有作者本人或本单位主题教育办公室可以撤销授权")
    deleted, _ = MaterialGrant.objects.filter(material=material, grantee=grantee).delete()
    if deleted:
        audit_record(actor=actor, action="material.revoke", obj=material, changes={"grantee": grantee.username})


@transaction.atomic
def material_mark_typical(*, actor, material: Material, typical: bool = True) -> Material:
    """Mark (or unmark) a material as 典型经验: the office of its unit or of a unit above it (REPORT) decides;
    a confidential material is never typical. The stage summary cites marked materials."""
    if actor is not None and not has_action(actor, P.REPORT, material.unit):
        raise PermissionDenied("只有本单位或上级主题教育办公室可以标记典型经验")
    if typical and material.confidential:
        raise ValidationFailed(f"「{material.title}」是保密的个人材料，不能作为典型经验", field="typical")
    typical = bool(typical)
    if material.typical != typical:
        Material.objects.filter(pk=material.pk).update(typical=typical)
        material.typical = typical
        audit_record(actor=actor, action="material.typical", obj=material, changes={"typical": typical})
    return material


# --- compilations ----------------------------------------------------------------------------------

@transaction.atomic
def compilation_create(*, actor, campaign, unit, title: str) -> Compilation:
    if actor is not None and not has_action(actor, P.REPORT, unit):
        raise PermissionDenied("您没有权限编印该单位的材料汇编")
    comp = Compilation(campaign=campaign, unit=unit, title=(title or "").strip(),
                       created_by=actor if getattr(actor, "pk", None) else None)
    full_clean_or_raise(comp)
    comp.save()
    audit_record(actor=actor, action="compilation.create", obj=comp, changes={"title": comp.title})
    return comp


def _require_report(actor, comp: Compilation) -> None:
    if actor is not None and not has_action(actor, P.REPORT, comp.unit):
        raise PermissionDenied("您没有权限修改该材料汇编")


@transaction.atomic
def compilation_add(*, actor, compilation: Compilation, material: Material) -> CompilationItem:
    """Append a material. Confidential materials never go into a compilation."""
    _require_report(actor, compilation)
    Compilation.objects.select_for_update().filter(pk=compilation.pk).first()
    if material.confidential:
        raise ValidationFailed(f"「{material.title}」是保密的个人材料，不能编入汇编", field="material")
    if material.campaign_id != compilation.campaign_id:
        raise ValidationFailed(f"「{material.title}」不属于本专项工作", field="material")
    if compilation.items.filter(material=material).exists():
        raise ValidationFailed(f"「{material.title}」已在汇编中", field="material")
    last = compilation.items.aggregate(m=Max("position"))["m"] or 0
    item = CompilationItem.objects.create(compilation=compilation, material=material, position=last + 1)
    audit_record(actor=actor, action="compilation.add", obj=compilation, changes={"material": material.pk})
    return item


@transaction.atomic
def compilation_move(*, actor, compilation: Compilation, item_id: int, offset: int) -> None:
    """Move an item up (-1) or down (+1); positions are renumbered 1..n."""
    _require_report(actor, compilation)
    Compilation.objects.select_for_update().filter(pk=compilation.pk).first()
    items = list(compilation.items.order_by("position", "id"))
    index = next((i for i, it in enumerate(items) if it.pk == item_id), None)
    if index is None:
        raise ValidationFailed("该材料不在汇编中")
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    for position, it in enumerate(items, start=1):
        if it.position != position:
            CompilationItem.objects.filter(pk=it.pk).update(position=position)
    audit_record(actor=actor, action="compilation.move", obj=compilation, changes={"item": item_id, "to": target + 1})


@transaction.atomic
def compilation_remove(*, actor, compilation: Compilation, item_id: int) -> None:
    _require_report(actor, compilation)
    deleted, _ = compilation.items.filter(pk=item_id).delete()
    if deleted:
        audit_record(actor=actor, action="compilation.remove", obj=compilation, changes={"item": item_id})

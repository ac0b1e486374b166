"""Reads of materials. Ordinary scope shows only non-confidential materials; confidential ones are seen
by their author, the office of the author's unit (or of its parent unit) and explicitly granted leaders."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from taizhang.core.querysets import narrowed, of_campaign, one_or_not_found
from taizhang.materials.models import Compilation, Material, MaterialGrant
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import path_upper_bound, scope_q, user_assignments


def _unit_office_q(user) -> Q | None:
    """Materials of units where the user is the office: its own unit and the units directly below it."""
    q = None
    for a in user_assignments(user):
        if a.role != P.OFFICE:
            continue
        part = Q(unit__path__gte=a.unit.path, unit__path__lt=path_upper_bound(a.unit.path),
                 unit__depth__lte=a.unit.depth + 1)
        q = part if q is None else q | part
    return q


def is_unit_office_of(user, material: Material) -> bool:
    unit = material.unit
    return any(a.role == P.OFFICE and (a.unit_id == unit.pk or (unit.path.startswith(a.unit.path)
                                                                 and unit.depth == a.unit.depth + 1))
               for a in user_assignments(user))


def materials_visible(user, campaign=None):
    if not getattr(user, "is_authenticated", False):
        return Material.objects.none()
    q = Q(author=user)
    view = scope_q(user, P.VIEW)
    if view is not None:
        q |= Q(confidential=False) & view
    office = _unit_office_q(user)
    granted = Exists(MaterialGrant.objects.filter(material=OuterRef("pk"), grantee=user))
    confidential = Q(granted) if office is None else (office | Q(granted))
    q |= Q(confidential=True) & confidential
    qs = Material.objects.filter(q).select_related("unit", "author", "campaign")
    return of_campaign(qs, campaign)


def material_get(user, pk: int) -> Material:
    return one_or_not_found(materials_visible(user), "材料不存在或不在您的权限范围内", pk=pk)


def compilations_visible(user, campaign=None):
    qs = Compilation.objects.for_user(user, P.VIEW).select_related("unit", "campaign")
    return of_campaign(qs, campaign)


def compilation_get(user, pk: int) -> Compilation:
    return one_or_not_found(compilations_visible(user), "材料汇编不存在或不在您的权限范围内", pk=pk)



def material_list(user, campaign, *, genre: str = "", unit=None):
    """The 交流材料 list page's rows (newest first, without the typed body), filtered by genre and unit subtree."""
    return narrowed(materials_visible(user, campaign), genre=genre, unit=unit).order_by("-created_at", "-id") \
        .defer("body")


def compilation_candidates(user, compilation, limit: int = 300) -> list[Material]:
    """Materials an editor may add to `compilation`: the campaign's non-confidential ones not in it yet."""
    present = set(compilation.items.values_list("material_id", flat=True))
    qs = materials_visible(user, compilation.campaign).filter(confidential=False).defer("body").order_by("-id")
    return [m for m in qs[:limit] if m.pk not in present]


def material_grants(material):
    """Who else was granted a confidential material."""
    return material.grants.select_related("grantee")


def compilation_items(comp):
    """A compilation's materials in their order, with their units."""
    return comp.items.select_related("material", "material__unit")

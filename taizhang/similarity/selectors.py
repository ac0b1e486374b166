"""Reads of 查重 results, always through the viewer's scope: a source the viewer may not see is left out of the
sources, the passages and the share alike (the share is the union of the visible sources' passages)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from taizhang.core.querysets import one_or_not_found
from taizhang.materials.selectors import materials_visible
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, scope_q
from taizhang.similarity.engine import covered
from taizhang.similarity.models import CheckSource, MaterialCheck, ReferenceDocument


def references_visible(user):
    """Reference documents of the units the user reports for (offices and leaders)."""
    return ReferenceDocument.objects.for_user(user, P.REPORT).select_related("unit", "created_by")


def reference_get(user, pk: int) -> ReferenceDocument:
    return one_or_not_found(references_visible(user), "比对文档不存在或不在您的权限范围内", pk=pk)


def may_see_checks(user, material) -> bool:
    """查重 results are for the offices above the material (and its leaders), not for the author."""
    return has_action(user, P.REPORT, material.unit)


@dataclass
class Report:
    """A material's result as one viewer sees it."""

    check: MaterialCheck
    sources: list[CheckSource] = field(default_factory=list)

    @property
    def score(self) -> float:
        if not self.check.length:
            return 0.0
        return covered([tuple(s) for src in self.sources for s in src.spans]) / self.check.length

    @property
    def shared_chars(self) -> int:
        return covered([tuple(s) for src in self.sources for s in src.spans])

    @property
    def percent(self) -> str:
        return f"{self.score * 100:.1f}%"


def _visible_sources(user, campaign, sources: list[CheckSource]) -> list[CheckSource]:
    material_ids = {s.material_id for s in sources if s.material_id}
    reference_ids = {s.reference_id for s in sources if s.reference_id}
    seen_materials = set(materials_visible(user, campaign).filter(pk__in=material_ids).values_list("pk", flat=True)) \
        if material_ids else set()
    seen_refs = set(references_visible(user).filter(pk__in=reference_ids).values_list("pk", flat=True)) \
        if reference_ids else set()
    return [s for s in sources if (s.material_id in seen_materials) or (s.reference_id in seen_refs)]


def _sources_qs():
    return CheckSource.objects.select_related("material", "material__unit", "reference", "reference__unit")


def report_for(user, material) -> Report | None:
    """The material's result for this viewer, or None when it was never checked."""
    check = MaterialCheck.objects.filter(material=material).first()
    if check is None:
        return None
    sources = list(_sources_qs().filter(result=check))
    return Report(check=check, sources=_visible_sources(user, material.campaign, sources))


def source_get(report: Report, pk: int) -> CheckSource:
    """One visible source of a report (its passages side by side)."""
    from taizhang.core.exceptions import NotFound

    for source in report.sources:
        if source.pk == pk:
            return source
    raise NotFound("该来源不存在或不在您的权限范围内")


def check_list(user, campaign, *, unit=None, limit: int = 500) -> list[tuple[object, Report | None]]:
    """The campaign's materials the user reports for with their 查重 results, highest visible share first (those
    not checked yet last)."""
    q = scope_q(user, P.REPORT)
    if q is None or campaign is None:
        return []
    qs = materials_visible(user, campaign).filter(q).defer("body")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    # The stored share (over all sources) bounds the visible one from above: the `limit` highest by it are the rows
    # that can lead the list once each is scored over what this viewer may see.
    materials = list(qs.order_by(F("similarity_check__score").desc(nulls_last=True), "-id")[:limit])
    checks = {c.material_id: c for c in MaterialCheck.objects.filter(material__in=materials)}
    sources: dict[int, list[CheckSource]] = {}
    all_sources = list(_sources_qs().filter(result__in=checks.values()))
    for s in _visible_sources(user, campaign, all_sources):
        sources.setdefault(s.result_id, []).append(s)
    rows = []
    for m in materials:
        check = checks.get(m.pk)
        rows.append((m, Report(check=check, sources=sources.get(check.pk, [])) if check else None))
    rows.sort(key=lambda r: (r[1] is None, -(r[1].score if r[1] else 0), -r[0].pk))
    return rows

"""API routes of 查重: a material's result as the caller may see it, and a check on demand."""

from ninja import Router, Status

from taizhang.core.exceptions import NotFound
from taizhang.materials.selectors import material_get
from taizhang.similarity import selectors, services

router = Router(tags=["材料查重"])


def _material(user, material_id: int):
    material = material_get(user, material_id)
    if not selectors.may_see_checks(user, material):
        raise NotFound("材料不存在或不在您的权限范围内")
    return material


def _source(s) -> dict:
    if s.material_id:
        kind, pk, title, unit = "material", s.material_id, s.material.title, s.material.unit.code
    else:
        kind, pk, title, unit = "reference", s.reference_id, s.reference.title, s.reference.unit.code
    return {"kind": kind, "id": pk, "title": title, "unit": unit, "score": s.score, "shared_chars": s.shared_chars,
            "passages": s.passages}


@router.get("/materials/{material_id}", response=dict, url_name="similarity_report",
            summary="材料的查重结果（只含调用者有权查看的来源）")
def material_report(request, material_id: int):
    material = _material(request.user, material_id)
    report = selectors.report_for(request.user, material)
    if report is None:
        return {"material": material.pk, "checked": False, "pending": False, "score": None, "sources": []}
    check = report.check
    return {"material": material.pk, "checked": check.checked_at is not None, "pending": check.pending,
            "checked_at": check.checked_at, "error": check.error, "length": check.length,
            "score": round(report.score, 4), "shared_chars": report.shared_chars,
            "sources": [_source(s) for s in report.sources]}


@router.post("/materials/{material_id}/check", response={202: dict}, url_name="similarity_check",
             summary="重新查重（排入后台任务）")
def material_check(request, material_id: int):
    material = _material(request.user, material_id)
    services.material_check_request(actor=request.user, material=material)
    return Status(202, {"material": material.pk, "queued": True})

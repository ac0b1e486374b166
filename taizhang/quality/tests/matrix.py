"""Permission-matrix entries for the 问题质量 routes."""

from taizhang.ledger.tests.factories import problem as make_problem
from taizhang.testing import Route, row_exists

VIEWERS = ("county_office", "county_leader", "county_clerk", "village_clerk", "inspector", "province_office")
OFFICES = ("county_office", "province_office")
NOT_OFFICE = ("county_clerk", "county_leader", "inspector", "village_clerk", "member", "sysadmin")


def _cluster(w) -> list:
    """Three problems of one 共性问题 in three units of 东县."""
    return [make_problem(w, code, title="学习流于形式，满足于读读文件") for code in ("V1", "V2", "V3")]


def _ids(w) -> str:
    return ",".join(str(p.pk) for p in _cluster(w))


MATRIX = [
    Route("quality:similar", query="campaign=test-campaign&q=理论学习系统性", allowed=VIEWERS,
          denied=("sysadmin", "member")),
    Route("quality:mark_duplicate", method="post", kwargs=lambda w: {"pk": make_problem(w, "V1").pk},
          data=lambda w: {"kept": make_problem(w, "V2").number, "reason": "同一问题"}, allowed=OFFICES,
          denied=("outsider_office", "village_clerk", "inspector", "county_clerk"), audit="problem.mark_duplicate",
          effect=lambda w, sent: row_exists("quality.DuplicateMark", duplicate_id=sent.kwargs["pk"],
                                            duplicate__status="withdrawn")(w, sent)),
    Route("quality:clusters", query="campaign=test-campaign", allowed=OFFICES + ("township_office",),
          denied=NOT_OFFICE),
    Route("quality:clusters", query="campaign=test-campaign&unit=K1", allowed=OFFICES,
          denied=("outsider_office", "township_office")),
    Route("quality:cluster_institution", method="post",
          data=lambda w: {"campaign": "test-campaign", "unit_code": "K1", "problems": _ids(w),
                          "title": "党员学习管理办法", "kind": "new"},
          allowed=OFFICES, denied=("outsider_office", "county_clerk", "inspector"), audit="institution.link_problems",
          effect=lambda w, sent: row_exists("institutions.Institution", title="党员学习管理办法",
                                            problems__pk=int(sent.data["problems"].split(",")[0]))(w, sent)),
    Route("quality:cluster_topic", method="post",
          data=lambda w: {"campaign": "test-campaign", "unit_code": "K1", "problems": _ids(w),
                          "title": "学习流于形式的成因调研"},
          allowed=OFFICES, denied=("outsider_office", "county_clerk", "inspector"),
          audit="researchtopic.link_problems",
          effect=lambda w, sent: row_exists("research.ResearchTopic", title="学习流于形式的成因调研",
                                            problems__pk=int(sent.data["problems"].split(",")[0]))(w, sent)),
    Route("quality:report", query="campaign=test-campaign", allowed=OFFICES + ("township_office",),
          denied=NOT_OFFICE),
    Route("quality:report", query="campaign=test-campaign&unit=K1&format=xlsx", allowed=OFFICES,
          denied=("outsider_office", "township_office")),
    # The API (/api/v1/quality): read-only, the same scopes as the pages; a unit outside the scope answers 404.
    Route("api:quality_similar", query="campaign=test-campaign&text=理论学习系统性", allowed=VIEWERS,
          denied=("sysadmin", "member")),
    Route("api:quality_similar", query="campaign=test-campaign&text=理论学习系统性&unit=T3",
          allowed=("province_office", "outsider"), denied=("county_office", "village_clerk", "outsider_office")),
    Route("api:quality_warnings", query="campaign=test-campaign", allowed=OFFICES + ("township_office",),
          denied=NOT_OFFICE),
    Route("api:quality_warnings", query="campaign=test-campaign&unit=K1", allowed=OFFICES,
          denied=("outsider_office", "township_office")),
    Route("api:quality_clusters", query="campaign=test-campaign", allowed=OFFICES + ("township_office",),
          denied=NOT_OFFICE),
    Route("api:quality_clusters", query="campaign=test-campaign&unit=K1", allowed=OFFICES,
          denied=("outsider_office", "township_office")),
]

"""Permission-matrix entries for the 报告 pages: the REPORT action over a unit's whole subtree."""

from taizhang.testing import Route, row_exists

OFFICES = ("county_office", "county_leader", "province_office")
NOT_REPORTERS = ("county_clerk", "village_clerk", "inspector", "member", "sysadmin", "auditor")


def _job(w):
    from taizhang.reports.services import report_job_create

    return {"pk": report_job_create(actor=w.county_office, kind="circular", unit=w.unit("K1"),
                                    campaign=w.campaign(), metrics=["problems.found"]).pk}


MATRIX = [
    Route("reports:index", allowed=OFFICES + ("township_office",), denied=NOT_REPORTERS + ("outsider",)),
    # Previewing the figures of K1: its offices and leaders only; K3's office and K2's clerk get 404.
    Route("reports:index", query="kind=stage-summary&unit_code=K1", allowed=("county_office", "county_leader"),
          denied=("outsider", "county_clerk", "inspector")),
    Route("reports:index", method="post", data=lambda w: {"kind": "circular", "unit_code": "K1",
                                                          "metrics": ["problems.found"]},
          allowed=("county_office",), denied=("county_clerk", "inspector", "outsider"), audit="report.request",
          effect=row_exists("reports.ReportJob", kind="circular", unit__code="K1")),
    Route("reports:keys", allowed=OFFICES, denied=NOT_REPORTERS),
    Route("reports:keys", query="unit=K1", allowed=("county_office",), denied=("outsider_office",)),
    Route("reports:template_list", allowed=OFFICES, denied=NOT_REPORTERS + ("outsider",)),
    Route("reports:job_detail", kwargs=_job, allowed=("county_office", "county_leader", "province_office"),
          denied=("outsider_office", "outsider", "county_clerk", "inspector", "township_office")),
    Route("reports:job_download", kwargs=_job, allowed=("county_office", "province_office"),
          denied=("outsider_office", "outsider", "county_clerk", "village_clerk")),
]

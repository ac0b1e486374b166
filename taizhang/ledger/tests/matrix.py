"""Permission-matrix entries for the ledger's pages and API routes.

The problem used lives in 东县 K1 (in review, with a progress attachment): county_office, the province office
and the inspector (K1 and K3) see it; outsider (clerk of K2) and outsider_office (K3) get 404.
"""

from taizhang.ledger.tests.factories import matrix_attachment, matrix_problem, pdf
from taizhang.testing import Route

VIEWERS = ("county_office", "province_office", "inspector", "county_leader", "county_clerk")
OUTSIDERS = ("outsider", "outsider_office")
CHANGERS = ("county_office", "county_clerk")


def _pk(w):
    return {"pk": matrix_problem(w).pk}


def _id(w):
    return {"problem_id": matrix_problem(w).pk}


MATRIX = [
    Route("ledger:list", allowed=("county_office", "village_clerk", "inspector", "outsider")),
    Route("ledger:list", query="status=review&light=green&overdue=on&q=理论", allowed=("county_office",)),
    Route("ledger:todo", allowed=("county_office", "village_clerk"), denied=("inspector", "sysadmin", "member")),
    Route("ledger:create", allowed=("county_office", "village_clerk"), denied=("inspector", "sysadmin", "member")),
    Route("ledger:bulk", method="post", data=lambda w: {"ids": str(matrix_problem(w).pk), "deadline": "2026-12-30"},
          allowed=("county_office",), denied=("village_clerk", "inspector", "sysadmin")),
    Route("ledger:carry_over", allowed=("province_office",), denied=("county_clerk", "inspector", "sysadmin")),
    Route("ledger:calendar", allowed=("sysadmin",), denied=("county_office", "secadmin", "auditor")),
    Route("ledger:detail", kwargs=_pk, allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk", "sysadmin")),
    Route("ledger:edit", kwargs=_pk, allowed=CHANGERS, denied=OUTSIDERS + ("inspector", "county_leader")),
    Route("ledger:transition", kwargs=_pk, method="post", data=lambda w: {"action": "approve"},
          allowed=("county_office", "province_office"), denied=OUTSIDERS),
    Route("ledger:measures", kwargs=_pk, method="post", data=lambda w: {"text": "建立学习台账"},
          allowed=CHANGERS, denied=OUTSIDERS),
    Route("ledger:progress", kwargs=_pk, method="post", data=lambda w: {"text": "已完成", "percent": "80"},
          allowed=CHANGERS, denied=OUTSIDERS),
    Route("ledger:closure", kwargs=_pk, method="post", data=lambda w: {"evidence_summary": "完成"},
          allowed=CHANGERS, denied=OUTSIDERS),
    Route("ledger:lookback", kwargs=_pk, method="post", data=lambda w: {"verdict": "consolidated"},
          allowed=("county_office",), denied=OUTSIDERS),
    Route("ledger:attachment_upload", kwargs=_pk, method="post", data=lambda w: {},
          allowed=CHANGERS, denied=OUTSIDERS),
    Route("ledger:attachment", kwargs=lambda w: {"pk": matrix_attachment(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    # API
    Route("api:problem_list", query="campaign=test-campaign", allowed=("county_office", "inspector", "outsider")),
    Route("api:problem_create", method="post", content_type="application/json",
          data=lambda w: {"campaign": "test-campaign", "unit": "K1", "title": "调研不深入"},
          allowed=("county_office",), denied=("inspector", "sysadmin"), ok_status=(201,)),
    Route("api:problem_detail", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:problem_update", kwargs=_id, method="patch", content_type="application/json",
          data=lambda w: {"version": matrix_problem(w).version, "target": "见实效"},
          allowed=CHANGERS, denied=OUTSIDERS),
    Route("api:problem_transition", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"action": "approve", "version": matrix_problem(w).version}, allowed=("county_office",),
          denied=OUTSIDERS),
    Route("api:measure_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:measure_create", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"text": "建立学习台账"}, allowed=CHANGERS, denied=OUTSIDERS, ok_status=(201,)),
    Route("api:progress_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:progress_create", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"text": "已完成", "percent": 80}, allowed=CHANGERS, denied=OUTSIDERS, ok_status=(201,)),
    Route("api:closure_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:closure_create", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"evidence_summary": "完成", "version": matrix_problem(w).version}, allowed=(),
          denied=OUTSIDERS),
    Route("api:lookback_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:lookback_create", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"verdict": "consolidated"}, allowed=(), denied=OUTSIDERS),
    Route("api:attachment_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:attachment_create", kwargs=_id, method="post", data=lambda w: {"files": pdf("会议记录.pdf")},
          allowed=CHANGERS, denied=OUTSIDERS, ok_status=(201,)),
    Route("api:attachment_download", kwargs=lambda w: {"attachment_id": matrix_attachment(w).pk},
          allowed=VIEWERS, denied=OUTSIDERS),
]

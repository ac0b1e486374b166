"""Permission-matrix entries for the ledger's pages and API routes.

The problem used lives in 东县 K1 (in review, with a progress attachment): county_office, the province office
and the inspector (K1 and K3) see it; outsider (clerk of K2) and outsider_office (K3) get 404.
"""

from datetime import date

from taizhang.ledger.tests.factories import closed, matrix_attachment, matrix_problem, pdf, with_progress
from taizhang.testing import Route, row_exists, row_has

VIEWERS = ("county_office", "province_office", "inspector", "county_leader", "county_clerk")
OUTSIDERS = ("outsider", "outsider_office")
CHANGERS = ("county_office", "county_clerk")


def _pk(w):
    return {"pk": matrix_problem(w).pk}


def _id(w):
    return {"problem_id": matrix_problem(w).pk}


def _in_progress(w):
    return {"pk": with_progress(w).pk}


def _closed(w):
    return {"pk": closed(w).pk}


def _api(kwargs):
    """The same problem under the API's argument name."""
    return lambda w: {"problem_id": kwargs(w)["pk"]}


def _rescheduled(w, sent):
    assert matrix_problem(w).deadline == date(2026, 12, 30)


def _approved(w, sent):
    assert matrix_problem(w).status == "closed"


def _has(relation: str, key: str = "pk", **filters):
    """The problem of the URL now has a related row (measures, progress, closure requests …) matching filters."""
    def check(w, sent):
        from taizhang.ledger.models import Problem

        problem = Problem.objects.get(pk=sent.kwargs[key])
        assert getattr(problem, relation).filter(**filters).exists(), f"no {relation} {filters}"

    return check


MATRIX = [
    Route("ledger:list", allowed=("county_office", "village_clerk", "inspector", "outsider")),
    Route("ledger:list", query="status=review&light=green&overdue=on&q=理论", allowed=("county_office",)),
    Route("ledger:todo", allowed=("county_office", "village_clerk"), denied=("inspector", "sysadmin", "member")),
    Route("ledger:create", allowed=("county_office", "village_clerk"), denied=("inspector", "sysadmin", "member")),
    Route("ledger:bulk", method="post", data=lambda w: {"ids": str(matrix_problem(w).pk), "deadline": "2026-12-30"},
          allowed=("county_office",), denied=("village_clerk", "inspector", "sysadmin"), audit="problem.update",
          effect=_rescheduled),
    Route("ledger:bulk", method="post", data=lambda w: {"ids": str(matrix_problem(w).pk), "op": "approve"},
          allowed=("county_office",), denied=("village_clerk", "inspector", "sysadmin"), audit="problem.approve",
          effect=_approved),
    Route("ledger:urge", kwargs=_in_progress, method="post", allowed=("county_office", "province_office", "inspector"),
          denied=OUTSIDERS, audit="supervisionslip.issue",
          effect=_has("supervision_slips")),
    Route("ledger:carry_over", allowed=("province_office",), denied=("county_clerk", "inspector", "sysadmin")),
    Route("ledger:calendar", allowed=("sysadmin",), denied=("county_office", "secadmin", "auditor")),
    Route("ledger:detail", kwargs=_pk, allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk", "sysadmin")),
    Route("ledger:print", kwargs=_pk, allowed=VIEWERS, denied=OUTSIDERS + ("village_clerk", "sysadmin")),
    Route("ledger:measure_list", allowed=("county_office", "village_clerk", "inspector", "outsider"),
          denied=("sysadmin",)),
    Route("ledger:measure_list", query="metric=measures.done&unit=K1&status=done", allowed=("county_office",)),
    Route("ledger:list_print", allowed=("county_office", "village_clerk", "inspector", "outsider")),
    Route("ledger:list_print", query="status=review&light=green&overdue=on&q=理论", allowed=("county_office",)),
    Route("ledger:edit", kwargs=_pk, allowed=CHANGERS, denied=OUTSIDERS + ("inspector", "county_leader")),
    Route("ledger:edit", kwargs=_pk, method="post", allowed=CHANGERS, denied=OUTSIDERS + ("inspector", "county_leader"),
          data=lambda w: {"unit_code": "K1", "title": "理论学习系统性不够", "level": "unit", "kind": "deadline",
                          "category": "theory", "target": "建立常态化学习机制", "deadline": "2026-12-31",
                          "version": matrix_problem(w).version},
          audit="problem.update", effect=row_has("ledger.Problem", target="建立常态化学习机制")),
    Route("ledger:transition", kwargs=_pk, method="post", data=lambda w: {"action": "approve"},
          allowed=("county_office", "province_office"), denied=OUTSIDERS, audit="problem.approve",
          effect=row_has("ledger.Problem", status="closed")),
    Route("ledger:measures", kwargs=_pk, method="post", data=lambda w: {"text": "建立学习台账"},
          allowed=CHANGERS, denied=OUTSIDERS, audit="measure.create", effect=_has("measures", text="建立学习台账")),
    Route("ledger:progress", kwargs=_pk, method="post", data=lambda w: {"text": "已完成", "percent": "80"},
          allowed=CHANGERS, denied=OUTSIDERS, audit="progress.create", effect=_has("progress_reports", text="已完成")),
    Route("ledger:closure", kwargs=_in_progress, method="post", data=lambda w: {"evidence_summary": "完成"},
          allowed=CHANGERS, denied=OUTSIDERS, audit="problem.request_closure",
          effect=row_has("ledger.Problem", status="review")),
    Route("ledger:lookback", kwargs=_closed, method="post", data=lambda w: {"verdict": "consolidated"},
          allowed=("county_office",), denied=OUTSIDERS, audit="lookback.create",
          effect=_has("lookbacks", verdict="consolidated")),
    Route("ledger:attachment_upload", kwargs=_pk, method="post", data=lambda w: {"files": pdf("整改方案.pdf")},
          allowed=CHANGERS, denied=OUTSIDERS, audit="attachment.create",
          effect=_has("attachments", original_name="整改方案.pdf")),
    Route("ledger:attachment", kwargs=lambda w: {"pk": matrix_attachment(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    # API
    Route("api:problem_list", query="campaign=test-campaign", allowed=("county_office", "inspector", "outsider")),
    Route("api:problem_create", method="post", content_type="application/json",
          data=lambda w: {"campaign": "test-campaign", "unit": "K1", "title": "调研不深入"},
          allowed=("county_office",), denied=("inspector", "sysadmin"), ok_status=(201,), audit="problem.create",
          effect=row_exists("ledger.Problem", unit__code="K1", title="调研不深入")),
    Route("api:problem_detail", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:problem_update", kwargs=_id, method="patch", content_type="application/json",
          data=lambda w: {"version": matrix_problem(w).version, "target": "见实效"},
          allowed=CHANGERS, denied=OUTSIDERS, audit="problem.update",
          effect=row_has("ledger.Problem", "problem_id", target="见实效")),
    Route("api:problem_transition", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"action": "approve"}, version_of=("ledger.Problem", "problem_id"), allowed=("county_office",), denied=OUTSIDERS,
          audit="problem.approve", effect=row_has("ledger.Problem", "problem_id", status="closed")),
    Route("api:measure_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:measure_create", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"text": "建立学习台账"}, allowed=CHANGERS, denied=OUTSIDERS, ok_status=(201,),
          audit="measure.create", effect=_has("measures", "problem_id", text="建立学习台账")),
    Route("api:progress_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:progress_create", kwargs=_id, method="post", content_type="application/json",
          data=lambda w: {"text": "已完成", "percent": 80}, allowed=CHANGERS, denied=OUTSIDERS, ok_status=(201,),
          audit="progress.create", effect=_has("progress_reports", "problem_id", text="已完成")),
    Route("api:closure_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:closure_create", kwargs=_api(_in_progress), method="post", content_type="application/json", version_of=("ledger.Problem", "problem_id"),
          data=lambda w: {"evidence_summary": "完成"}, allowed=CHANGERS, denied=OUTSIDERS,
          audit="problem.request_closure", effect=row_has("ledger.Problem", "problem_id", status="review")),
    Route("api:lookback_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:lookback_create", kwargs=_api(_closed), method="post", content_type="application/json",
          data=lambda w: {"verdict": "consolidated"}, allowed=("county_office",), denied=OUTSIDERS,
          audit="lookback.create", effect=_has("lookbacks", "problem_id", verdict="consolidated")),
    Route("api:attachment_list", kwargs=_id, allowed=VIEWERS, denied=OUTSIDERS),
    Route("api:attachment_create", kwargs=_id, method="post", data=lambda w: {"files": pdf("会议记录.pdf")},
          allowed=CHANGERS, denied=OUTSIDERS, ok_status=(201,), audit="attachment.create",
          effect=_has("attachments", "problem_id", original_name="会议记录.pdf")),
    Route("api:attachment_download", kwargs=lambda w: {"attachment_id": matrix_attachment(w).pk},
          allowed=VIEWERS, denied=OUTSIDERS),
]

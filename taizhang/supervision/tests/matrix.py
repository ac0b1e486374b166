"""Permission-matrix entries for the supervision pages and API routes.

The slip used is county_office's (东县 K1) to 东镇 T1: K1's offices and the inspector (K1, K3) and T1's office
see it; outsider (clerk of K2) and outsider_office (office of K3) get 404."""

from taizhang.supervision.tests.factories import (
    matrix_attachment,
    matrix_circular,
    matrix_slip,
    matrix_suggestion,
    step,
)
from taizhang.testing import Route, row_exists, row_has

OUTSIDERS = ("outsider", "outsider_office")
SLIP_VIEWERS = ("county_office", "inspector", "township_office", "province_office")


def _slip(w):
    return {"pk": matrix_slip(w).pk}


def _slip_at(*steps: str):
    return lambda w: {"pk": step(w, matrix_slip(w), *steps).pk}


TARGET = ("township_office", "county_office")  # T1's office, and K1's above it
ISSUER = ("county_office",)
# action → (steps to reach its start, who may, the status it leads to, the audit action, the POST body)
SLIP_STEPS = {
    "sign": ((), TARGET, "signed", "sign", {}),
    "reply": (("sign",), TARGET, "replied", "reply", {"reply": "已按要求完成整改，附整改报告。"}),
    "close": (("sign", "reply"), ISSUER, "closed", "close", {}),
    "send_back": (("sign", "reply"), ISSUER, "signed", "send_back", {"reason": "反馈不具体，请补充佐证材料"}),
    "send-back": (("sign", "reply"), ISSUER, "signed", "send_back", {"reason": "反馈不具体，请补充佐证材料"}),
    "return": (("sign", "reply"), ISSUER, "signed", "send_back", {"reason": "反馈不具体，请补充佐证材料"}),
}


MATRIX = [
    Route("supervision:slip_list", allowed=("county_office", "inspector", "village_clerk", "outsider"),
          denied=("sysadmin", "member")),
    Route("supervision:slip_list", query="tab=issued&status=sent&kind=notice", allowed=("county_office", "inspector")),
    Route("supervision:slip_list", query="campaign=test-campaign&unit=K1&metric=slips.open",
          allowed=("county_office", "inspector")),
    Route("supervision:slip_create", allowed=("county_office", "inspector", "outsider_office"),
          denied=("village_clerk", "county_clerk", "outsider", "sysadmin")),
    Route("supervision:slip_create", query="problem=0", allowed=(), denied=("county_office",)),
    Route("supervision:slip_prefix", method="post", data=lambda w: {"unit_code": "K1", "prefix": "东督字"},
          allowed=("county_office",), denied=("village_clerk", "outsider", "sysadmin"),
          audit="slipprefix.set", effect=row_exists("supervision.SlipPrefix", unit__code="K1", prefix="东督字")),
    Route("supervision:slip_create", method="post",
          data=lambda w: {"kind": "notice", "unit_code": "T1", "content": "请抓紧整改", "title": "督办"},
          allowed=("county_office", "inspector"), denied=("village_clerk", "outsider"), audit="supervisionslip.issue",
          effect=row_exists("supervision.SupervisionSlip", target_unit__code="T1", content="请抓紧整改",
                            status="sent")),
    Route("supervision:slip_detail", kwargs=_slip, allowed=SLIP_VIEWERS,
          denied=OUTSIDERS + ("village_clerk", "sysadmin")),
    Route("supervision:slip_docx", kwargs=_slip, allowed=SLIP_VIEWERS, denied=OUTSIDERS + ("village_clerk",)),
    *[Route("supervision:slip_action", kwargs=_slip_at(*steps), action=action, method="post",
            data=lambda w, body=body: body, allowed=who, denied=OUTSIDERS + ("village_clerk",),
            audit=f"supervisionslip.{audited}", effect=row_has("supervision.SupervisionSlip", status=status))
      for action, (steps, who, status, audited, body) in SLIP_STEPS.items()],
    Route("supervision:slip_attachment", kwargs=lambda w: {"pk": matrix_attachment(w).pk},
          allowed=SLIP_VIEWERS, denied=OUTSIDERS + ("village_clerk",)),
    Route("supervision:suggestion_list", allowed=("county_office", "inspector", "outsider_office"),
          denied=("village_clerk", "county_clerk", "sysadmin")),
    Route("supervision:suggestion_dismiss", kwargs=lambda w: {"pk": matrix_suggestion(w).pk}, method="post",
          data=lambda w: {"reason": "已专题督导"}, allowed=("county_office", "inspector"),
          denied=OUTSIDERS + ("village_clerk",), audit="interviewsuggestion.dismiss",
          effect=row_has("supervision.InterviewSuggestion", status="dismissed")),
    Route("supervision:circular_list", allowed=("county_office", "village_clerk", "outsider"),
          denied=("sysadmin", "member")),
    Route("supervision:circular_list", method="post",
          data=lambda w: {"unit_code": "K1", "metrics": "problems.on_time_rate,problems.overdue"},
          allowed=("county_office",), denied=("village_clerk", "sysadmin"), audit="circular.publish",
          effect=row_exists("supervision.Circular", unit__code="K1")),
    Route("supervision:circular_detail", kwargs=lambda w: {"pk": matrix_circular(w).pk},
          allowed=("county_office", "township_office", "village_clerk", "province_office"), denied=OUTSIDERS),
    Route("supervision:circular_docx", kwargs=lambda w: {"pk": matrix_circular(w).pk},
          allowed=("county_office", "township_office"), denied=OUTSIDERS),
    Route("supervision:lookback_list", allowed=("county_office", "province_office"),
          denied=("inspector", "village_clerk", "sysadmin")),
    # API
    Route("api:slip_list", allowed=("county_office", "inspector", "outsider")),
    Route("api:slip_detail", kwargs=lambda w: {"slip_id": matrix_slip(w).pk}, allowed=SLIP_VIEWERS,
          denied=OUTSIDERS + ("village_clerk",)),
    Route("api:slip_create", method="post", content_type="application/json",
          data=lambda w: {"kind": "notice", "unit": "T1", "content": "请抓紧整改", "campaign": "test-campaign",
                          "problems": [matrix_slip(w).problems.first().number]},
          allowed=("county_office", "inspector"), denied=("village_clerk", "outsider"), ok_status=(201,),
          audit="supervisionslip.issue",
          effect=row_exists("supervision.SupervisionSlip", target_unit__code="T1", content="请抓紧整改")),
    # (an office elsewhere, like outsider_office, gets 400 "单位编码不存在或不在您的权限范围内", as in every app)
    Route("api:slip_transition", kwargs=lambda w: {"slip_id": matrix_slip(w).pk}, method="post",
          content_type="application/json", version_of=("supervision.SupervisionSlip", "slip_id"), data=lambda w: {"action": "sign"},
          allowed=("township_office",), denied=OUTSIDERS, audit="supervisionslip.sign",
          effect=row_has("supervision.SupervisionSlip", "slip_id", status="signed")),
]

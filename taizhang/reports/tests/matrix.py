"""Permission-matrix entries for the 报告 pages: the REPORT action over a unit's whole subtree."""

from taizhang.testing import Route, row_exists

OFFICES = ("county_office", "county_leader", "province_office")
NOT_REPORTERS = ("county_clerk", "village_clerk", "inspector", "member", "sysadmin", "auditor")


def _job(w):
    from taizhang.reports.services import report_job_create

    return {"pk": report_job_create(actor=w.county_office, kind="circular", unit=w.unit("K1"),
                                    campaign=w.campaign(), metrics=["problems.found"]).pk}


def _draft(**edits):
    def kwargs(w):
        from taizhang.reports.tests.drafting import ensure_narrative, stored_draft

        ensure_narrative()
        return {"pk": stored_draft(w, edits=edits).pk}
    return kwargs


def _generate(w):
    from taizhang.reports.tests.drafting import ensure_narrative

    ensure_narrative()
    return {"kind": "stage-summary", "unit_code": "K1"}


DRAFT_READERS = ("county_office", "county_leader", "province_office")
DRAFT_OUTSIDERS = ("outsider_office", "outsider", "county_clerk", "inspector", "township_office")
_EDITED = {"rect.measures": {"text": "措施落实到位。"}}
_DROPPED = {"rect.lookback": {"dropped": True}}


def _edits(check):
    def effect(w, sent):
        from taizhang.reports.models import ReportDraft

        assert check(ReportDraft.objects.get(pk=sent.kwargs["pk"]).edits)
    return effect


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
    # Report drafts: the REPORT action over the draft's unit and its whole subtree; others get 404.
    Route("reports:draft_create", method="post", data=_generate, allowed=("county_office", "province_office"),
          denied=("county_clerk", "inspector", "outsider", "member"), audit="report_draft.generate",
          effect=row_exists("reports.ReportDraft", kind="stage-summary", unit__code="K1")),
    Route("reports:draft_detail", kwargs=_draft(), allowed=DRAFT_READERS, denied=DRAFT_OUTSIDERS),
    Route("reports:draft_download", kwargs=_draft(), allowed=DRAFT_READERS, denied=DRAFT_OUTSIDERS),
    Route("reports:draft_action", action="edit", method="post", kwargs=_draft(),
          version_of=("reports.ReportDraft", "pk"),
          data=lambda w: {"block": "rect.figures", "text": "共查摆问题【查摆问题】，整改工作有序推进。"},
          allowed=("county_office", "county_leader"), denied=DRAFT_OUTSIDERS, audit="report_draft.edit",
          effect=_edits(lambda e: e["rect.figures"]["text"] == "共查摆问题{problems.found}，整改工作有序推进。")),
    Route("reports:draft_action", action="reset", method="post", kwargs=_draft(**_EDITED),
          version_of=("reports.ReportDraft", "pk"), data=lambda w: {"block": "rect.measures"},
          allowed=("county_office",), denied=DRAFT_OUTSIDERS, audit="report_draft.reset",
          effect=_edits(lambda e: "rect.measures" not in e)),
    Route("reports:draft_action", action="drop", method="post", kwargs=_draft(),
          version_of=("reports.ReportDraft", "pk"), data=lambda w: {"block": "rect.lookback"},
          allowed=("county_office",), denied=DRAFT_OUTSIDERS, audit="report_draft.drop",
          effect=_edits(lambda e: e["rect.lookback"]["dropped"] is True)),
    Route("reports:draft_action", action="keep", method="post", kwargs=_draft(**_DROPPED),
          version_of=("reports.ReportDraft", "pk"), data=lambda w: {"block": "rect.lookback"},
          allowed=("county_office",), denied=DRAFT_OUTSIDERS, audit="report_draft.keep",
          effect=_edits(lambda e: "rect.lookback" not in e)),
    Route("reports:draft_action", action="regenerate", method="post", kwargs=_draft(**_EDITED),
          version_of=("reports.ReportDraft", "pk"), allowed=("county_office", "province_office"),
          denied=DRAFT_OUTSIDERS, audit="report_draft.regenerate",
          effect=_edits(lambda e: e["rect.measures"]["text"] == "措施落实到位。")),
]

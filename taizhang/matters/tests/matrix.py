"""Permission-matrix entries for the practical-matter routes."""

from taizhang.matters.tests.factories import make_matter
from taizhang.testing import Route, row_exists, row_has

VIEWERS = ("county_office", "county_leader", "inspector", "village_clerk")
OUTSIDERS = ("outsider", "outsider_office")

MATRIX = [
    Route("matters:matter_list", allowed=VIEWERS, denied=("sysadmin", "member")),
    Route("matters:demand_list", allowed=VIEWERS + ("member",), denied=("sysadmin", "auditor")),
    Route("matters:matter_create", allowed=("county_office", "village_clerk"), denied=("inspector", "member")),
    Route("matters:matter_create", method="post",
          data=lambda w: {"unit_code": "V1", "title": "修缮村道", "category": "infrastructure", "source": "public"},
          allowed=("village_clerk",), denied=("inspector", "member"), audit="practicalmatter.create",
          effect=row_exists("matters.PracticalMatter", unit__code="V1", title="修缮村道", status="collecting")),
    Route("matters:matter_detail", kwargs=lambda w: {"pk": make_matter(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("matters:matter_edit", kwargs=lambda w: {"pk": make_matter(w).pk}, allowed=("village_clerk",),
          denied=OUTSIDERS + ("inspector", "member")),
    Route("matters:matter_edit", method="post", kwargs=lambda w: {"pk": make_matter(w).pk},
          data=lambda w: {"title": "东村自来水管网改造（二期）", "category": "infrastructure", "source": "public",
                          "deadline": "2026-12-20", "beneficiaries": 0, "money": 0, "version": 1},
          allowed=("village_clerk",), denied=OUTSIDERS + ("inspector", "member"), audit="practicalmatter.update",
          effect=row_has("matters.PracticalMatter", title="东村自来水管网改造（二期）")),
    Route("matters:matter_claim", method="post", kwargs=lambda w: {"pk": make_matter(w).pk},
          allowed=("member", "village_clerk", "county_leader"), denied=OUTSIDERS, audit="practicalmatter.claim",
          effect=row_has("matters.PracticalMatter", status="claimed")),
    # (a member claims on the claim page; the matter's own page, and so its actions, do not exist for them)
    Route("matters:matter_action", method="post", action="claim", kwargs=lambda w: {"pk": make_matter(w).pk},
          allowed=("village_clerk", "county_leader"), denied=OUTSIDERS + ("member",), audit="practicalmatter.claim",
          effect=row_has("matters.PracticalMatter", status="claimed")),
    Route("matters:matter_action", method="post", action="start",
          kwargs=lambda w: {"pk": make_matter(w, status="claimed").pk},
          allowed=("village_clerk", "county_office"), denied=OUTSIDERS + ("member",), audit="practicalmatter.start",
          effect=row_has("matters.PracticalMatter", status="in_progress")),
    Route("matters:matter_action", method="post", action="finish",
          kwargs=lambda w: {"pk": make_matter(w, status="in_progress").pk},
          data=lambda w: {"result": "管网已改造完成，全村通水", "beneficiaries": "320", "satisfaction": "98.5"},
          allowed=("village_clerk", "county_office"), denied=OUTSIDERS + ("member",), audit="practicalmatter.finish",
          effect=row_has("matters.PracticalMatter", status="done", result="管网已改造完成，全村通水",
                         beneficiaries=320)),
    Route("api:matter_list", allowed=VIEWERS),
    Route("api:matter_detail", kwargs=lambda w: {"matter_id": make_matter(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("api:matter_claim", method="post", kwargs=lambda w: {"matter_id": make_matter(w).pk}, data=lambda w: {},
          content_type="application/json", version_of=("matters.PracticalMatter", "matter_id"), allowed=("member", "village_clerk"), denied=OUTSIDERS,
          audit="practicalmatter.claim", effect=row_has("matters.PracticalMatter", "matter_id", status="claimed")),
]

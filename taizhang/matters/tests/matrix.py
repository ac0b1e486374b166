"""Permission-matrix entries for the practical-matter routes."""

from taizhang.matters.tests.factories import make_matter
from taizhang.testing import Route

VIEWERS = ("county_office", "county_leader", "inspector", "village_clerk")
OUTSIDERS = ("outsider", "outsider_office")

MATRIX = [
    Route("matters:matter_list", allowed=VIEWERS, denied=("sysadmin", "member")),
    Route("matters:demand_list", allowed=VIEWERS + ("member",), denied=("sysadmin", "auditor")),
    Route("matters:matter_create", allowed=("county_office", "village_clerk"), denied=("inspector", "member")),
    Route("matters:matter_create", method="post",
          data=lambda w: {"unit_code": "V1", "title": "修缮村道", "category": "infrastructure", "source": "public"},
          allowed=("village_clerk",), denied=("inspector", "member")),
    Route("matters:matter_detail", kwargs=lambda w: {"pk": make_matter(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("matters:matter_edit", kwargs=lambda w: {"pk": make_matter(w).pk}, allowed=("village_clerk",),
          denied=OUTSIDERS + ("inspector", "member")),
    Route("matters:matter_claim", method="post", kwargs=lambda w: {"pk": make_matter(w).pk},
          allowed=("member", "village_clerk", "county_leader"), denied=OUTSIDERS),
    Route("matters:matter_action", method="post",
          kwargs=lambda w: {"pk": make_matter(w, status="claimed").pk, "action": "start"},
          allowed=("village_clerk", "county_office"), denied=OUTSIDERS + ("member",)),
    Route("api:matter_list", allowed=VIEWERS),
    Route("api:matter_detail", kwargs=lambda w: {"matter_id": make_matter(w).pk}, allowed=VIEWERS,
          denied=OUTSIDERS + ("member",)),
    Route("api:matter_claim", method="post", kwargs=lambda w: {"matter_id": make_matter(w).pk},
          data=lambda w: {"version": 1},
          content_type="application/json", allowed=("member", "village_clerk"), denied=OUTSIDERS),
]

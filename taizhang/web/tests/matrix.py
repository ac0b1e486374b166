"""Permission-matrix entries for the foundation's routes (see taizhang.testing.Route)."""

from taizhang.testing import Route

EVERYONE = ("county_office", "village_clerk", "inspector", "sysadmin", "auditor", "member")
SCOPED_VIEWERS = ("province_office", "county_office", "village_clerk", "inspector", "sysadmin", "secadmin")
OUTSIDERS = ("outsider", "outsider_office", "auditor")

MATRIX = [
    Route("home", allowed=EVERYONE),
    Route("health", public=True),
    Route("login", public=True),
    Route("logout", method="post", public=True),
    Route("orgs:unit_tree", allowed=EVERYONE),
    Route("orgs:unit_detail", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("orgs:unit_children", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("orgs:unit_action", kwargs=lambda w: {"code": "V2", "action": "edit"}, method="post",
          data=lambda w: {"edit-code": "V2", "edit-name": "南村党支部", "edit-kind": "branch"},
          allowed=("sysadmin",), denied=("county_office", "secadmin", "outsider", "auditor")),
    Route("orgs:user_list", allowed=("sysadmin", "secadmin"), denied=("county_office", "auditor", "member")),
    Route("orgs:user_create", allowed=("sysadmin",), denied=("secadmin", "county_office", "auditor")),
    Route("orgs:user_edit", kwargs=lambda w: {"pk": w.village_clerk.pk}, allowed=("sysadmin",),
          denied=("secadmin", "county_office", "auditor")),
    Route("orgs:assignment_list", allowed=("secadmin",), denied=("sysadmin", "county_office", "auditor")),
    Route("orgs:assignment_revoke", method="post",
          kwargs=lambda w: {"pk": w.village_clerk.assignments.get().pk},
          allowed=("secadmin",), denied=("sysadmin", "county_office", "auditor")),
    Route("orgs:profile", allowed=EVERYONE),
    Route("campaigns:list", allowed=EVERYONE),
    Route("campaigns:create", allowed=("province_office", "county_office"),
          denied=("village_clerk", "sysadmin", "auditor", "inspector")),
    Route("campaigns:switch", method="post", data=lambda w: {"campaign": "test-campaign"}, allowed=EVERYONE),
    Route("campaigns:detail", kwargs=lambda w: {"slug": "test-campaign"},
          allowed=("county_office", "village_clerk", "inspector", "member", "outsider"),
          denied=("sysadmin", "secadmin", "auditor")),
    Route("campaigns:detail", kwargs=lambda w: {"slug": "k3-campaign"},
          allowed=("outsider_office", "inspector", "province_office"),
          denied=("county_office", "village_clerk", "outsider")),
    Route("campaigns:edit", kwargs=lambda w: {"slug": "test-campaign"}, allowed=("province_office",),
          denied=("county_office", "village_clerk", "sysadmin", "outsider_office")),
    Route("campaigns:config", method="post", kwargs=lambda w: {"slug": "test-campaign", "what": "stage"},
          data=lambda w: {"name": "调查研究", "start_date": "2026-09-10", "end_date": "2026-11-30"},
          allowed=("province_office",), denied=("county_office", "inspector", "sysadmin")),
    Route("audit:event_list", allowed=("auditor",), denied=("sysadmin", "secadmin", "county_office")),
    Route("audit:event_export", allowed=("auditor",), denied=("sysadmin", "secadmin", "county_office")),
    Route("audit:chain_verify", method="post", allowed=("auditor",), denied=("sysadmin", "county_office")),
    # API
    Route("api:api-root", public=True, ok_status=(404,)),  # nothing lives at /api/v1/ itself
    Route("api:openapi-json", public=True),
    Route("api:openapi-view", public=True),
    Route("api:me", allowed=EVERYONE),
    Route("api:unit_roots", allowed=EVERYONE),
    Route("api:unit_detail", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("api:unit_children", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("api:unit_subtree", kwargs=lambda w: {"code": "K1"}, allowed=("county_office", "province_office"),
          denied=OUTSIDERS),
    Route("api:campaign_list", allowed=EVERYONE),
    Route("api:campaign_detail", kwargs=lambda w: {"slug": "k3-campaign"},
          allowed=("outsider_office", "inspector"), denied=("county_office", "village_clerk", "sysadmin")),
]

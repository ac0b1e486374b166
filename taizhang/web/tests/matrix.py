"""Permission-matrix entries for the foundation's routes (see taizhang.testing.Route)."""

from taizhang.testing import Route, row_exists, row_missing


def _unit_is(code: str, **expected):
    def check(w, sent):
        unit = w.unit(code)
        assert {k: getattr(unit, k) for k in expected} == expected

    return check


def _moved_under_t2(w, sent):
    v2, t2 = w.unit("V2"), w.unit("T2")
    assert v2.path.startswith(t2.path) and v2.depth == t2.depth + 1


def _revoked(w, sent):
    from taizhang.orgs.models import RoleAssignment

    assert not RoleAssignment.objects.filter(pk=sent.kwargs["pk"]).exists()


def _deactivated_v2(w):
    from taizhang.orgs.services import unit_set_active

    unit_set_active(actor=None, unit=w.unit("V2"), active=False)
    return {"code": "V2"}


def _stage(w):
    return {"stage": w.campaign().stages.get(name="学习教育").pk}


def _campaign_form(w, **changes):
    c = w.campaign()
    fields = {"name": c.name, "kind": c.kind, "start_date": c.start_date, "end_date": c.end_date,
              "description": c.description, "active": "on", "due_soon_days": c.due_soon_days,
              "remind_workdays_before": c.remind_workdays_before, "lookback_months": c.lookback_months,
              "lookback_sample_percent": c.lookback_sample_percent, "visit_window_days": c.visit_window_days,
              "red_threshold_overdue_days": c.red_threshold_overdue_days,
              "red_threshold_count": c.red_threshold_count, "number_prefix": c.number_prefix,
              "require_closure_evidence": "on", "version": c.version}
    return {**fields, **changes}


def _offers_only_scope(key: str, *, people: bool = False):
    """An `effect` of a look-up: every item it offers lies in the asking user's scope, and it offers something to
    a user with a scope (the world's 村 below the user's units)."""

    def check(w, sent):
        from taizhang.orgs.models import User
        from taizhang.orgs.selectors import units_visible

        user = User.objects.get(pk=sent.response.wsgi_request.user.pk)
        answer = sent.response.json()
        items = answer.get("items", [])
        visible = set(units_visible(user).values_list("code", flat=True))
        offered = {item[key] for item in items}
        assert offered <= visible, f"offered outside {user.username}'s scope: {sorted(offered - visible)}"
        if visible and not people:
            assert offered, f"{user.username} was offered nothing"

    return check


def _switched(w, sent):
    assert sent.response.wsgi_request.session.get("campaign") == "test-campaign"

EVERYONE = ("county_office", "village_clerk", "inspector", "sysadmin", "auditor", "member")
SCOPED_VIEWERS = ("province_office", "county_office", "village_clerk", "inspector", "sysadmin", "secadmin")
OUTSIDERS = ("outsider", "outsider_office", "auditor")

MATRIX = [
    Route("home", allowed=EVERYONE),
    Route("health", public=True),
    Route("ready", public=True),
    Route("login", public=True),
    Route("logout", method="post", public=True, allowed=("county_office",), audit="auth.logout"),
    Route("orgs:unit_tree", allowed=EVERYONE),
    Route("orgs:unit_detail", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("orgs:unit_children", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("orgs:unit_action", kwargs=lambda w: {"code": "V2"}, action="child", method="post",
          data=lambda w: {"child-code": "V2-1", "child-name": "南村第一党小组", "child-kind": "branch"},
          allowed=("sysadmin",), denied=("county_office", "secadmin", "outsider", "auditor"),
          audit="unit.create", effect=row_exists("orgs.Unit", code="V2-1", name="南村第一党小组")),
    Route("orgs:unit_action", kwargs=lambda w: {"code": "V2"}, action="edit", method="post",
          data=lambda w: {"edit-code": "V2", "edit-name": "南村党总支", "edit-kind": "branch"},
          allowed=("sysadmin",), denied=("county_office", "secadmin", "outsider", "auditor"),
          audit="unit.update", effect=_unit_is("V2", name="南村党总支")),
    Route("orgs:unit_action", kwargs=lambda w: {"code": "V2"}, action="move", method="post",
          data=lambda w: {"move-parent_code": "T2"}, allowed=("sysadmin",),
          denied=("county_office", "secadmin", "outsider", "auditor"), audit="unit.move",
          effect=_moved_under_t2),
    Route("orgs:unit_action", kwargs=lambda w: {"code": "V2"}, action="deactivate", method="post",
          allowed=("sysadmin",), denied=("county_office", "secadmin", "outsider", "auditor"),
          audit="unit.deactivate", effect=_unit_is("V2", active=False)),
    Route("orgs:unit_action", kwargs=_deactivated_v2, action="activate", method="post",
          allowed=("sysadmin",), denied=("county_office", "secadmin", "outsider", "auditor"),
          audit="unit.activate", effect=_unit_is("V2", active=True)),
    Route("orgs:user_list", allowed=("sysadmin", "secadmin"), denied=("county_office", "auditor", "member")),
    Route("orgs:user_create", allowed=("sysadmin",), denied=("secadmin", "county_office", "auditor")),
    Route("orgs:user_edit", kwargs=lambda w: {"pk": w.village_clerk.pk}, allowed=("sysadmin",),
          denied=("secadmin", "county_office", "auditor")),
    Route("orgs:assignment_list", allowed=("secadmin",), denied=("sysadmin", "county_office", "auditor")),
    Route("orgs:assignment_revoke", method="post",
          kwargs=lambda w: {"pk": w.village_clerk.assignments.get().pk},
          allowed=("secadmin",), denied=("sysadmin", "county_office", "auditor"), audit="role.revoke",
          effect=_revoked),
    Route("orgs:profile", allowed=EVERYONE),
    Route("orgs:password_change", allowed=EVERYONE),
    Route("orgs:unit_lookup", query="q=村", allowed=EVERYONE, effect=_offers_only_scope("code")),
    Route("orgs:people_lookup", query="q=o", allowed=EVERYONE, effect=_offers_only_scope("unit", people=True)),
    Route("campaigns:list", allowed=EVERYONE),
    Route("campaigns:create", allowed=("province_office", "county_office"),
          denied=("village_clerk", "sysadmin", "auditor", "inspector")),
    Route("campaigns:create", method="post",
          data=lambda w: _campaign_form(w, name="第二批主题教育", slug="second", root_code="K1"),
          allowed=("county_office", "province_office"), denied=("village_clerk", "sysadmin", "auditor", "inspector"),
          audit="campaign.create", effect=row_exists("campaigns.Campaign", slug="second", root_unit__code="K1")),
    # (the 三员 take part in no campaign: the switch leaves their session as it was)
    Route("campaigns:switch", method="post", data=lambda w: {"campaign": "test-campaign"},
          allowed=("county_office", "village_clerk", "inspector", "member"), effect=_switched),
    Route("campaigns:detail", kwargs=lambda w: {"slug": "test-campaign"},
          allowed=("county_office", "village_clerk", "inspector", "member", "outsider"),
          denied=("sysadmin", "secadmin", "auditor")),
    Route("campaigns:detail", kwargs=lambda w: {"slug": "k3-campaign"},
          allowed=("outsider_office", "inspector", "province_office"),
          denied=("county_office", "village_clerk", "outsider")),
    Route("campaigns:edit", kwargs=lambda w: {"slug": "test-campaign"}, allowed=("province_office",),
          denied=("county_office", "village_clerk", "sysadmin", "outsider_office")),
    Route("campaigns:edit", method="post", kwargs=lambda w: {"slug": "test-campaign"},
          data=lambda w: _campaign_form(w, name="主题教育（调整）", due_soon_days=5), allowed=("province_office",),
          denied=("county_office", "village_clerk", "sysadmin", "outsider_office"), audit="campaign.update",
          effect=row_exists("campaigns.Campaign", slug="test-campaign", name="主题教育（调整）", due_soon_days=5)),
    Route("campaigns:config", method="post", kwargs=lambda w: {"slug": "test-campaign", "what": "stage"},
          data=lambda w: {"name": "调查研究", "start_date": "2026-09-10", "end_date": "2026-11-30"},
          allowed=("province_office",), denied=("county_office", "inspector", "sysadmin"), audit="campaign.stage",
          effect=row_exists("campaigns.CampaignStage", campaign__slug="test-campaign", name="调查研究")),
    Route("campaigns:config", method="post", kwargs=lambda w: {"slug": "test-campaign", "what": "stage-delete"},
          data=_stage, allowed=("province_office",), denied=("county_office", "inspector", "sysadmin"),
          audit="campaign.stage_delete",
          effect=row_missing("campaigns.CampaignStage", campaign__slug="test-campaign", name="学习教育")),
    Route("campaigns:config", method="post", kwargs=lambda w: {"slug": "test-campaign", "what": "code"},
          data=lambda w: {"list_name": "matter_category", "code": "culture-x", "label": "文化惠民", "active": "on"},
          allowed=("province_office",), denied=("county_office", "inspector", "sysadmin"), audit="campaign.code",
          effect=row_exists("campaigns.CampaignCode", campaign__slug="test-campaign", list_name="matter_category",
                            code="culture-x", label="文化惠民", active=True)),
    Route("audit:event_list", allowed=("auditor",), denied=("sysadmin", "secadmin", "county_office")),
    Route("audit:event_export", allowed=("auditor",), denied=("sysadmin", "secadmin", "county_office")),
    Route("audit:chain_verify", method="post", allowed=("auditor",), denied=("sysadmin", "county_office"),
          audit="audit.verify"),
    # API
    Route("api:api-root", public=True, ok_status=(404,)),  # nothing lives at /api/v1/ itself
    Route("api:openapi-json", public=True),
    Route("api:openapi-view", public=True),
    Route("api:me", allowed=EVERYONE),
    Route("api:unit_roots", allowed=EVERYONE),
    Route("api:unit_roots", query="q=村", allowed=EVERYONE, effect=_offers_only_scope("code")),
    Route("api:people", query="q=o", allowed=EVERYONE, effect=_offers_only_scope("unit", people=True)),
    Route("api:unit_detail", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("api:unit_children", kwargs=lambda w: {"code": "V1"}, allowed=SCOPED_VIEWERS, denied=OUTSIDERS),
    Route("api:unit_subtree", kwargs=lambda w: {"code": "K1"}, allowed=("county_office", "province_office"),
          denied=OUTSIDERS),
    Route("api:campaign_list", allowed=EVERYONE),
    Route("api:campaign_detail", kwargs=lambda w: {"slug": "k3-campaign"},
          allowed=("outsider_office", "inspector"), denied=("county_office", "village_clerk", "sysadmin")),
]

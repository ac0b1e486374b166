"""The home page: the user's roles, the current campaign's stages and the user's to-do counts."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from taizhang.dashboard.selectors import judged_figures
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role, user_assignments
from taizhang.web.views import page


@page()
def home(request):
    from taizhang.campaigns.selectors import current_campaign
    from taizhang.orgs.permissions import ROLE_LABELS

    assignments = user_assignments(request.user)
    campaign = current_campaign(request.user, request)
    stages = list(campaign.stages.all()) if campaign else []
    from taizhang.ledger.lights import RED
    from taizhang.ledger.selectors import todo_for
    from taizhang.stats.selectors import default_unit

    todo = None
    if campaign is not None:
        groups = todo_for(request.user, campaign, limit=100)
        todo = [(_("待认领"), len(groups["accept"])), (_("待更新进展"), len(groups["update"])),
                (_("待审核销号"), len(groups["review"])),
                (_("其中亮红灯"), sum(1 for items in groups.values() for p in items if p.light_value == RED))]
    stats_unit = default_unit(request.user)
    judged = None
    if campaign is not None and stats_unit is not None and has_any_role(request.user, P.LEADER, P.OFFICE) \
            and stats_unit.path.startswith(campaign.root_unit.path):
        judged = judged_figures(stats_unit, campaign)
    return render(request, "dashboard/home.html", {
        "todo": todo,
        "judged": judged,
        "stats_unit": stats_unit,
        "assignments": [{"role": ROLE_LABELS[a.role], "unit": a.unit, "include_subunits": a.include_subunits}
                        for a in assignments],
        "campaign": campaign,
        "stages": stages,
    })

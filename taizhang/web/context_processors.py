from django.conf import settings

from taizhang.web.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"site_name": settings.TAIZHANG_SITE_NAME}
    from taizhang.campaigns.selectors import campaigns_for, current_campaign
    from taizhang.orgs import permissions as P
    from taizhang.orgs.scope import holds_any_action

    match = getattr(request, "resolver_match", None)
    return {
        "site_name": settings.TAIZHANG_SITE_NAME,
        "nav_entries": entries_for(user),
        "nav_current": match.view_name if match else "",
        "nav_campaigns": list(campaigns_for(user)[:20]),
        "current_campaign": current_campaign(user, request),
        "nav_search": holds_any_action(user, P.VIEW),  # the top bar's search box (taizhang.search)
    }

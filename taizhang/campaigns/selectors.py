"""Reads of campaigns, starting from the user's scope."""

from taizhang.campaigns.models import Campaign
from taizhang.core.exceptions import NotFound


def campaigns_for(user):
    return Campaign.objects.for_user(user, "any").select_related("root_unit", "predecessor")


def campaign_get(user, slug: str) -> Campaign:
    campaign = campaigns_for(user).filter(slug=slug).first()
    if campaign is None:
        raise NotFound(f"专项工作「{slug}」不存在或不在您的权限范围内")
    return campaign


def current_campaign(user, request=None) -> Campaign | None:
    """The campaign the user is working in: the one chosen in this session, else the newest active one."""
    qs = campaigns_for(user)
    slug = request.session.get("campaign") if request is not None else None
    if slug:
        chosen = qs.filter(slug=slug).first()
        if chosen:
            return chosen
    return qs.filter(active=True).first() or qs.first()


def campaign_for_request(request):
    """The campaign a list page shows: ``?campaign=slug`` if the user takes part in it, else the current one."""
    slug = request.GET.get("campaign")
    if slug:
        return campaign_get(request.user, slug)
    return current_campaign(request.user, request)


def campaign_codes(campaign) -> dict[str, list]:
    """The campaign's code lists by their Chinese name, each in its order (the settings page's tables)."""
    from taizhang.campaigns.models import CodeList

    return {label: list(campaign.code_entries.filter(list_name=value).order_by("sort_order", "id"))
            for value, label in CodeList.choices}


def stage_get(campaign, pk):
    """One stage of `campaign` (NotFound for another campaign's or a made-up id)."""
    from taizhang.campaigns.models import CampaignStage

    stage = CampaignStage.objects.filter(campaign=campaign, pk=pk).first() if str(pk or "").isdigit() else None
    if stage is None:
        raise NotFound("阶段不存在")
    return stage


def user_takes_part(user, slug: str) -> bool:
    """Whether `slug` names a campaign the user takes part in (the campaign switcher)."""
    return campaigns_for(user).filter(slug=slug).exists()


def code_entries_by_list(campaign) -> dict[str, list]:
    """The campaign's code lists (every entry, active or not) keyed by list name (problem_category …), in order."""
    codes: dict[str, list] = {}
    for entry in campaign.code_entries.order_by("list_name", "sort_order", "id"):
        codes.setdefault(entry.list_name, []).append(entry)
    return codes


def other_campaigns(user, campaign):
    """The campaigns the user takes part in besides `campaign` (a predecessor or a carry-over source)."""
    return campaigns_for(user).exclude(pk=campaign.pk)

"""Campaign pages: list, detail, create, settings, stages and code lists (office over the root unit)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from taizhang.campaigns import selectors, services
from taizhang.campaigns.forms import CampaignCreateForm, CampaignForm, CodeForm, StageForm
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.orgs.selectors import unit_get
from taizhang.web.shapes import form_page, post_action
from taizhang.web.views import page, posted_version, require_roles


@page()
def campaign_list(request):
    campaigns = list(selectors.campaigns_for(request.user))
    return render(request, "campaigns/list.html", {
        "campaigns": campaigns, "can_create": has_any_role(request.user, P.OFFICE)})


@require_POST
@page()
def campaign_switch(request):
    slug = request.POST.get("campaign", "")
    if selectors.user_takes_part(request.user, slug):
        request.session["campaign"] = slug
    return redirect(request.META.get("HTTP_REFERER") or "home")


@page()
def campaign_detail(request, slug):
    campaign = selectors.campaign_get(request.user, slug)
    can_configure = has_action(request.user, P.CONFIGURE, campaign.root_unit)
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "stages": campaign.stages.all(), "codes": selectors.campaign_codes(campaign),
        "can_configure": can_configure, "stage_form": StageForm(), "code_form": CodeForm(),
    })


def _campaign_page(campaign) -> str:
    return reverse("campaigns:detail", kwargs={"slug": campaign.slug})


@require_roles(P.OFFICE)
def campaign_create(request):

    def save(data):
        data = dict(data)
        root = unit_get(request.user, data.pop("root_code").strip(), P.CONFIGURE)
        return services.campaign_create(actor=request.user, root_unit=root, **data)

    return form_page(request, CampaignCreateForm(request.POST or None,
                                                 predecessors=selectors.campaigns_for(request.user)),
                     save=save, success=lambda c: f"已创建专项工作「{c.name}」，默认代码表已生成，可在下方调整",
                     to=_campaign_page, template="campaigns/form.html", context={"title": "新建专项工作"})


def _configured(request, slug):
    """The campaign whose settings the user changes (404 unless CONFIGURE over its root unit)."""
    campaign = selectors.campaign_get(request.user, slug)
    if not has_action(request.user, P.CONFIGURE, campaign.root_unit):
        raise Http404()
    return campaign


@page()
def campaign_edit(request, slug):
    campaign = _configured(request, slug)
    predecessors = selectors.other_campaigns(request.user, campaign)
    initial = {f: getattr(campaign, f) for f in CampaignForm.base_fields}
    return form_page(request, CampaignForm(request.POST or None, initial=initial, predecessors=predecessors),
                     save=lambda d: services.campaign_update(actor=request.user, campaign=campaign,
                                                             expected_version=posted_version(request) or 0, **d),
                     success="专项工作设置已保存", to=_campaign_page(campaign), template="campaigns/form.html",
                     context={"title": f"设置：{campaign.name}", "campaign": campaign})


def _stage_save(request, campaign):
    stage = selectors.stage_get(campaign, request.POST["stage"]) if request.POST.get("stage") else None
    return post_action(request, lambda d: services.stage_save(actor=request.user, campaign=campaign, stage=stage, **d),
                       form=StageForm(request.POST), success="阶段已保存", to=_campaign_page(campaign))


def _stage_delete(request, campaign):
    stage = selectors.stage_get(campaign, request.POST.get("stage"))
    return post_action(request, lambda d: services.stage_delete(actor=request.user, stage=stage),
                       success="阶段已删除", to=_campaign_page(campaign))


def _code_save(request, campaign):
    return post_action(request, lambda d: services.code_save(actor=request.user, campaign=campaign, **d),
                       form=CodeForm(request.POST), success="代码表已更新", to=_campaign_page(campaign))


CONFIG = {"stage": _stage_save, "stage-delete": _stage_delete, "code": _code_save}


@require_POST
@page()
def campaign_config(request, slug, what):
    """Add or change a stage or a code-list entry."""
    campaign = _configured(request, slug)
    if what not in CONFIG:
        raise Http404()
    return CONFIG[what](request, campaign)

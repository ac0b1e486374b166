"""Campaign pages: list, detail, create, settings, stages and code lists (office over the root unit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.campaigns import selectors, services
from taizhang.campaigns.forms import CampaignCreateForm, CampaignForm, CodeForm, StageForm
from taizhang.campaigns.models import CampaignStage, CodeList
from taizhang.core.exceptions import TaizhangError
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.orgs.selectors import unit_get
from taizhang.web.views import form_apply_error, service_errors


@login_required
def campaign_list(request):
    campaigns = list(selectors.campaigns_for(request.user))
    return render(request, "campaigns/list.html", {
        "campaigns": campaigns, "can_create": has_any_role(request.user, P.OFFICE)})


@require_POST
@login_required
def campaign_switch(request):
    slug = request.POST.get("campaign", "")
    if selectors.campaigns_for(request.user).filter(slug=slug).exists():
        request.session["campaign"] = slug
    return redirect(request.META.get("HTTP_REFERER") or "home")


@login_required
@service_errors
def campaign_detail(request, slug):
    campaign = selectors.campaign_get(request.user, slug)
    can_configure = has_action(request.user, P.CONFIGURE, campaign.root_unit)
    codes = {label: list(campaign.code_entries.filter(list_name=value).order_by("sort_order", "id"))
             for value, label in CodeList.choices}
    return render(request, "campaigns/detail.html", {
        "campaign": campaign, "stages": campaign.stages.all(), "codes": codes, "can_configure": can_configure,
        "stage_form": StageForm(), "code_form": CodeForm(),
    })


def _initial(campaign):
    return {f: getattr(campaign, f) for f in CampaignForm.base_fields}


@login_required
def campaign_create(request):
    if not has_any_role(request.user, P.OFFICE):
        raise Http404()
    form = CampaignCreateForm(request.POST or None, predecessors=selectors.campaigns_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            root = unit_get(request.user, data.pop("root_code").strip(), P.CONFIGURE)
            campaign = services.campaign_create(actor=request.user, root_unit=root, **data)
            messages.success(request, f"已创建专项工作「{campaign.name}」，默认代码表已生成，可在下方调整")
            return redirect("campaigns:detail", slug=campaign.slug)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "campaigns/form.html", {"form": form, "title": "新建专项工作"})


@login_required
@service_errors
def campaign_edit(request, slug):
    campaign = selectors.campaign_get(request.user, slug)
    if not has_action(request.user, P.CONFIGURE, campaign.root_unit):
        raise Http404()
    predecessors = selectors.campaigns_for(request.user).exclude(pk=campaign.pk)
    form = CampaignForm(request.POST or None, initial=_initial(campaign), predecessors=predecessors)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.user, campaign=campaign,
                                     expected_version=int(request.POST.get("version", 0)), **form.cleaned_data)
            messages.success(request, "专项工作设置已保存")
            return redirect("campaigns:detail", slug=campaign.slug)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "campaigns/form.html", {"form": form, "title": f"设置：{campaign.name}",
                                                   "campaign": campaign})


@require_POST
@login_required
@service_errors
def campaign_config(request, slug, what):
    """Add or change a stage or a code-list entry."""
    campaign = selectors.campaign_get(request.user, slug)
    if not has_action(request.user, P.CONFIGURE, campaign.root_unit):
        raise Http404()
    try:
        if what == "stage":
            form = StageForm(request.POST)
            stage = None
            if request.POST.get("stage"):
                stage = CampaignStage.objects.filter(campaign=campaign, pk=request.POST["stage"]).first()
                if stage is None:
                    raise Http404()
            if form.is_valid():
                services.stage_save(actor=request.user, campaign=campaign, stage=stage, **form.cleaned_data)
                messages.success(request, "阶段已保存")
            else:
                messages.error(request, _form_message(form))
        elif what == "stage-delete":
            stage = CampaignStage.objects.filter(campaign=campaign, pk=request.POST.get("stage")).first()
            if stage is None:
                raise Http404()
            services.stage_delete(actor=request.user, stage=stage)
            messages.success(request, "阶段已删除")
        elif what == "code":
            form = CodeForm(request.POST)
            if form.is_valid():
                services.code_save(actor=request.user, campaign=campaign, **form.cleaned_data)
                messages.success(request, "代码表已更新")
            else:
                messages.error(request, _form_message(form))
        else:
            raise Http404()
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("campaigns:detail", slug=campaign.slug)


def _form_message(form) -> str:
    return "；".join(f"{form.fields[f].label if f in form.fields else ''}：{errs[0]}" for f, errs in form.errors.items())

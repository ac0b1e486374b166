"""Institution pages: list, register, detail, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import TaizhangError
from taizhang.dossier import services as dossier_services
from taizhang.dossier.views import take_back_link
from taizhang.institutions import selectors, services
from taizhang.institutions.forms import InstitutionEditForm, InstitutionForm
from taizhang.institutions.models import InstitutionKind
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role, require_any_action
from taizhang.orgs.selectors import unit_from_code
from taizhang.web.views import form_apply_error, posted_version, service_errors


@login_required
@service_errors
def institution_list(request):
    require_any_action(request.user, P.VIEW)
    campaign = campaign_for_request(request)
    kind = request.GET.get("kind", "")
    qs = selectors.institution_list(request.user, campaign, kind=kind)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "institutions/institution_list.html", {
        "campaign": campaign, "page": page, "kind": kind, "kinds": InstitutionKind.choices,
        "can_create": has_any_role(request.user, P.OFFICE, P.CLERK),
        "nav_current": "institutions:institution_list"})


@login_required
@service_errors
def institution_create(request):
    require_any_action(request.user, P.CREATE)
    campaign = campaign_for_request(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = InstitutionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid() and campaign is not None:
        data = dict(form.cleaned_data)
        try:
            unit = unit_from_code(request.user, data.pop("unit_code"), P.CREATE)
            data["upload"] = data.pop("attachment")
            inst = services.institution_create(actor=request.user, campaign=campaign, unit=unit, **data)
            messages.success(request, "制度已登记")
            return redirect("institutions:institution_detail", pk=inst.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "institutions/form.html", {"form": form, "title": "登记制度"})


@login_required
@service_errors
def institution_detail(request, pk):
    inst = selectors.institution_get(request.user, pk)
    return render(request, "institutions/institution_detail.html", {
        "inst": inst, "can_change": has_action(request.user, P.CHANGE, inst.unit),
        "problems": _linked_problems(request.user, inst), "nav_current": "institutions:institution_list"})


def _linked_problems(user, inst):
    """The problems this rule answers, once the ledger links exist (see taizhang.institutions.links)."""
    manager = getattr(inst, "problems", None)
    if manager is None:
        return []
    return list(manager.for_user(user, P.VIEW)) if hasattr(manager, "for_user") else list(manager.all())


@require_POST
@login_required
@service_errors
def institution_problem_unlink(request, pk, problem_pk):
    """取消关联: a problem linked to the rule by mistake (the problem itself stays in the ledger)."""
    inst = selectors.institution_get(request.user, pk)
    take_back_link(request, linked=_linked_problems(request.user, inst), problem_pk=problem_pk,
                   unlink=lambda p: dossier_services.institution_unlink_problem(actor=request.user, institution=inst,
                                                                                problem=p))
    return redirect("institutions:institution_detail", pk=inst.pk)


@login_required
@service_errors
def institution_edit(request, pk):
    inst = selectors.institution_get(request.user, pk)
    if not has_action(request.user, P.CHANGE, inst.unit):
        raise Http404()
    form = InstitutionEditForm(request.POST or None, request.FILES or None, instance=inst)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            upload = data.pop("attachment")
            inst = selectors.institution_get(request.user, pk)
            services.institution_update(actor=request.user, institution=inst, expected_version=posted_version(request),
                                        upload=upload, **data)
            messages.success(request, "制度已保存")
            return redirect("institutions:institution_detail", pk=inst.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "institutions/form.html", {"form": form, "title": f"修改制度：{inst.title}",
                                                      "version": inst.version})



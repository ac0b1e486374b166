"""Institution pages: list, register, detail, edit."""

from django.shortcuts import render
from django.views.decorators.http import require_POST

from taizhang.core.uploads import stored_file
from taizhang.dossier import services as dossier_services
from taizhang.dossier.views import take_back_link
from taizhang.institutions import selectors, services
from taizhang.institutions.filters import InstitutionFilter
from taizhang.institutions.forms import InstitutionEditForm, InstitutionForm
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.web.shapes import campaign_list_page, create_page, detail_url, edit_page
from taizhang.web.views import page


@page(P.VIEW)
def institution_list(request):
    return campaign_list_page(request, InstitutionFilter, selectors.institution_list,
                              template="institutions/institution_list.html", context={
                                  "can_create": has_any_role(request.user, P.OFFICE, P.CLERK),
                                  "nav_current": "institutions:institution_list"})


_institution_page = detail_url("institutions:institution_detail")


def _with_upload(data: dict) -> dict:
    """The form's 附件 under the name the services take."""
    data["upload"] = data.pop("attachment")
    return data


@page(P.CREATE)
def institution_create(request):
    return create_page(request, InstitutionForm, create=services.institution_create, prepare=_with_upload,
                       success="制度已登记", to=_institution_page, template="institutions/form.html",
                       context={"title": "登记制度"})


@page()
def institution_detail(request, pk):
    inst = selectors.institution_get(request.user, pk)
    return render(request, "institutions/institution_detail.html", {
        "inst": inst, "can_change": has_action(request.user, P.CHANGE, inst.unit),
        "problems": selectors.linked_problems(request.user, inst), "nav_current": "institutions:institution_list"})


@require_POST
@page()
def institution_problem_unlink(request, pk, problem_pk):
    """取消关联: a problem linked to the rule by mistake (the problem itself stays in the ledger)."""
    inst = selectors.institution_get(request.user, pk)
    return take_back_link(request, linked=selectors.linked_problems(request.user, inst), problem_pk=problem_pk,
                          unlink=lambda p: dossier_services.institution_unlink_problem(
                              actor=request.user, institution=inst, problem=p), to=_institution_page(inst))


@page()
def institution_edit(request, pk):
    return edit_page(request, pk, get=selectors.institution_get, form_class=InstitutionEditForm,
                     update=services.institution_update, record_kwarg="institution", prepare=_with_upload,
                     success="制度已保存", to=_institution_page, template="institutions/form.html",
                     context=lambda inst: {"title": f"修改制度：{inst.title}"})


@page()
def institution_file(request, pk):
    """Download the record's file, for those who may see the record (404 for everyone else)."""
    obj = selectors.institution_get(request.user, pk)
    return stored_file(obj.attachment)

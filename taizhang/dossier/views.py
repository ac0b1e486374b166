"""一事一档 (a problem's whole record) and the links between problems and rules made from the problem's page."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from taizhang.dossier import selectors, services
from taizhang.dossier.forms import InstitutionChoiceForm, ProblemInstitutionForm
from taizhang.institutions.selectors import institution_get
from taizhang.ledger.selectors import problem_get
from taizhang.web.shapes import action_on, detail_url, post_action
from taizhang.web.views import page


@page()
def problem_dossier(request, pk):
    """一事一档 page of one problem."""
    return render(request, "dossier/problem.html", selectors.dossier(request.user, pk))


@page()
def problem_dossier_print(request, pk):
    """一事一档 of one problem as an A4 print view."""
    d = selectors.dossier(request.user, pk)
    problem = d["problem"]
    return render(request, "dossier/print.html", {**d, "campaign": problem.campaign, "print_unit": problem.unit,
                                                  "printed_at": timezone.now()})


_problem_page = detail_url("ledger:detail")


@action_on(problem_get)
def problem_institution_create(request, problem):
    """From the problem's page: register a new rule that answers this problem."""
    return post_action(request, lambda d: services.problem_create_institution(
        actor=request.user, problem=problem, **d), form=ProblemInstitutionForm(request.POST, prefix="inst"),
        success=lambda inst: f"制度「{inst.title}」已登记并关联本问题", to=_problem_page(problem))


@action_on(problem_get)
def problem_institution_link(request, problem):
    """From the problem's page: link an existing rule of the campaign to this problem."""

    def link(data):
        inst = institution_get(request.user, data["institution"])
        services.problem_link_institution(actor=request.user, problem=problem, institution=inst)
        return inst

    return post_action(request, link, form=InstitutionChoiceForm(request.POST),
                       success=lambda inst: f"已关联制度「{inst.title}」", to=_problem_page(problem))


def take_back_link(request, *, linked, problem_pk: int, unlink, to: str):
    """The body of a 取消关联 button (visit and institution pages): the problem must be one of the linked ones the
    user sees (404 otherwise); `unlink(problem)` calls the service; its outcome becomes the page's message."""
    problem = next((p for p in linked if p.pk == problem_pk), None)
    if problem is None:
        raise Http404("问题不存在或没有关联在这里")
    return post_action(request, lambda d: unlink(problem),
                       success=f"已取消关联问题 {problem.number}（问题仍在整改台账中）", to=to)

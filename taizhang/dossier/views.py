from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from taizhang.core.exceptions import TaizhangError
from taizhang.dossier import selectors, services
from taizhang.dossier.forms import InstitutionChoiceForm, ProblemInstitutionForm
from taizhang.institutions.selectors import institution_get
from taizhang.ledger.selectors import problem_get
from taizhang.web.views import service_errors


@login_required
@service_errors
def problem_dossier(request, pk):
    """一事一档 page of one problem."""
    return render(request, "dossier/problem.html", selectors.dossier(request.user, pk))


def _form_errors(form) -> str:
    return "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e[0]}"
                    for f, e in form.errors.items()) or "输入有误"


@require_POST
@login_required
@service_errors
def problem_institution_create(request, pk):
    """From the problem's page: register a new rule that answers this problem."""
    problem = problem_get(request.user, pk)
    form = ProblemInstitutionForm(request.POST, prefix="inst")
    if form.is_valid():
        try:
            inst = services.problem_create_institution(actor=request.user, problem=problem, **form.cleaned_data)
            messages.success(request, f"制度「{inst.title}」已登记并关联本问题")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _form_errors(form))
    return redirect("ledger:detail", pk=problem.pk)


@require_POST
@login_required
@service_errors
def problem_institution_link(request, pk):
    """From the problem's page: link an existing rule of the campaign to this problem."""
    problem = problem_get(request.user, pk)
    form = InstitutionChoiceForm(request.POST)
    if form.is_valid():
        try:
            inst = institution_get(request.user, form.cleaned_data["institution"])
            services.problem_link_institution(actor=request.user, problem=problem, institution=inst)
            messages.success(request, f"已关联制度「{inst.title}」")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _form_errors(form))
    return redirect("ledger:detail", pk=problem.pk)


def take_back_link(request, *, linked, problem_pk: int, unlink) -> None:
    """The body of a 取消关联 button (visit and institution pages): the problem must be one of the linked ones the
    user sees (404 otherwise); `unlink(problem)` calls the service; its outcome becomes the page's message."""
    problem = next((p for p in linked if p.pk == problem_pk), None)
    if problem is None:
        raise Http404("问题不存在或没有关联在这里")
    try:
        unlink(problem)
        messages.success(request, f"已取消关联问题 {problem.number}（问题仍在整改台账中）")
    except TaizhangError as exc:
        messages.error(request, exc.message)

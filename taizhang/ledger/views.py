"""Pages of the ledger: list, problem page, forms, 我的待办, carry-over and the workday calendar.

Views parse input and call selectors and services; nothing here changes state on its own.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_get, other_campaigns
from taizhang.core.exceptions import TaizhangError
from taizhang.ledger import batch, forms, lights, selectors, services
from taizhang.ledger.evidence import evidence_file
from taizhang.ledger.filters import MeasureFilter, ProblemFilters
from taizhang.ledger.lifecycle import TRANSITIONS, open_closure, problem_transition
from taizhang.ledger.models import MeasureStatus, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role, scope_q
from taizhang.orgs.selectors import unit_get
from taizhang.quality import selectors as quality_selectors
from taizhang.supervision.urging import may_urge, problem_urge
from taizhang.web.shapes import (
    action_on,
    campaign_list_page,
    campaign_required,
    detail_url,
    form_errors_text,
    form_page,
    list_page,
    own_unit_initial,
    post_action,
)
from taizhang.web.views import flash_error, page, require_roles
from taizhang.workflow import available


@page(P.VIEW)
def measure_list(request):
    """整改措施: the measures of the campaign's problems, the list the 整改措施 figures lead to."""
    return campaign_list_page(request, MeasureFilter, selectors.measure_list, template="ledger/measure_list.html",
                              context={"nav_current": "ledger:measure_list"})


@page()
def problem_list(request):
    campaign = campaign_required(request)
    filters = ProblemFilters.from_params(request.user, request.GET, campaign=campaign)
    f = filters.problem_filter()
    is_office = has_any_role(request.user, P.OFFICE)
    return list_page(request, selectors.problem_list(request.user, campaign, f), template="ledger/list.html",
                     partial="ledger/_results.html", filters=filters, paginate=selectors.page_of, context={
        "campaign": campaign, "choices": filters.choices(), "statuses": ProblemStatus.choices,
        "counts": selectors.status_counts(request.user, campaign, f),
        "can_create": has_any_role(request.user, P.OFFICE, P.CLERK), "can_bulk": is_office,
        "bulk_form": forms.BulkForm(), "light_labels": lights.LIGHT_LABELS,
        "can_carry": campaign.predecessor_id is not None and has_action(request.user, P.REVIEW, campaign.root_unit),
    })


def _problem_fields(d: dict, user) -> dict:
    lead = d.get("lead_unit_code", "").strip()
    leader, leader_name = services.resolve_person(d.get("leader_name"), within=user, field="leader_name")
    responsible, responsible_name = services.resolve_person(d.get("responsible_name"), within=user,
                                                            field="responsible_name")
    return {"title": d["title"], "description": d.get("description", ""), "category": d.get("category", ""),
            "source": d.get("source", ""), "level": d["level"], "leader": leader, "leader_name": leader_name,
            "responsible": responsible, "responsible_name": responsible_name, "kind": d["kind"],
            "target": d.get("target", ""), "deadline": d.get("deadline"),
            "review_cadence_months": d.get("review_cadence_months"),
            "lead_unit": (selectors.units_by_code([lead], field="lead_unit_code", user=user)[0]
                          if lead else None),
            "co_units": selectors.units_by_code(d.get("co_unit_codes") or [], user=user)}


_detail = detail_url("ledger:detail")


@require_roles(P.OFFICE, P.CLERK)
def problem_create(request):
    campaign = campaign_required(request)
    initial = own_unit_initial(request.user)

    def save(d):
        unit = unit_get(request.user, d["unit_code"].strip(), P.CREATE)
        return services.problem_create(actor=request.user, campaign=campaign, unit=unit, **_problem_fields(d, request.user))

    return form_page(request, forms.ProblemForm(request.POST or None, campaign=campaign, initial=initial),
                     save=save, success=lambda p: _("已录入问题 %(number)s") % {"number": p.number}, to=_detail,
                     template="ledger/form.html", context={"title": _("录入问题"), "campaign": campaign})


@page()
def problem_edit(request, pk):
    problem = selectors.problem_get(request.user, pk)
    if not has_action(request.user, P.CHANGE, problem.unit) or selectors.is_finished(problem):
        raise Http404()
    initial = {"unit_code": problem.unit.code, "title": problem.title, "description": problem.description,
               "category": problem.category, "source": problem.source, "level": problem.level,
               "leader_name": problem.leader.username if problem.leader_id else problem.leader_name,
               "responsible_name": problem.responsible.username if problem.responsible_id else problem.responsible_name,
               "kind": problem.kind, "target": problem.target, "deadline": problem.deadline,
               "review_cadence_months": problem.review_cadence_months, "version": problem.version,
               "lead_unit_code": problem.lead_unit.code if problem.lead_unit_id else "",
               "co_unit_codes": " ".join(u.code for u in problem.co_units.all())}

    def save(d):
        fields = _problem_fields(d, request.user)
        code = d["unit_code"].strip()
        if code != problem.unit.code:
            fields["unit"] = unit_get(request.user, code, P.CHANGE)
        return services.problem_update(actor=request.user, problem=problem,
                                       expected_version=d.get("version") or problem.version, **fields)

    # On a conflict the form is re-rendered from request.POST, so the user's input is kept.
    return form_page(request, forms.ProblemForm(request.POST or None, campaign=problem.campaign, initial=initial),
                     save=save, success=_("已保存"), to=_detail(problem), template="ledger/form.html",
                     context={"title": _("编辑 %(number)s") % {"number": problem.number}, "problem": problem,
                              "campaign": problem.campaign})


@page()
def problem_detail(request, pk):
    problem = selectors.problem_get(request.user, pk)
    user = request.user
    can_change = has_action(user, P.CHANGE, problem.unit)
    can_review = has_action(user, P.REVIEW, problem.unit)
    closure = open_closure(problem)
    return render(request, "ledger/detail.html", {
        "problem": problem, "campaign": problem.campaign, **selectors.problem_page(problem),
        "light": lights.light(problem), "light_labels": lights.LIGHT_LABELS,
        "overdue": lights.is_overdue(problem), "due_soon": lights.is_due_soon(problem),
        "measure_statuses": MeasureStatus.choices,
        "actions": [t for t in available(problem, user) if t.action not in ("request_closure",)],
        "open_closure": closure,
        "can_change": can_change and not selectors.is_finished(problem),
        "can_review": can_review and closure is not None and closure.requested_by_id != user.pk,
        "can_lookback": can_review and problem.status == ProblemStatus.CLOSED,
        "can_request": can_change and problem.status == ProblemStatus.IN_PROGRESS,
        "can_urge": may_urge(user, problem),
        "measure_form": forms.MeasureForm(), "progress_form": forms.ProgressForm(),
        "last_percent": selectors.last_percent(problem),
        "closure_form": forms.ClosureForm(), "lookback_form": forms.LookBackForm(),
    })


PRINT_ROWS = 500  # an A4 printout of the ledger; longer lists are exported to Excel instead


@page()
def problem_print(request, pk):
    """A4 print view of a problem: its record, measures, timeline and evidence list."""
    problem = selectors.problem_get(request.user, pk)
    return render(request, "ledger/print.html", {
        "problem": problem, "campaign": problem.campaign, "print_unit": problem.unit, "printed_at": timezone.now(),
        **selectors.problem_page(problem), "light": lights.light(problem), "light_labels": lights.LIGHT_LABELS,
    })


@page()
def problem_list_print(request):
    """A4 print view of the ledger list under the same filters as the list page (first PRINT_ROWS rows)."""
    campaign = campaign_required(request)
    filters = ProblemFilters.from_params(request.user, request.GET, campaign=campaign)
    f = filters.problem_filter()
    qs = selectors.problem_list(request.user, campaign, f).select_related("unit", "leader", "responsible")
    rows = list(qs[:PRINT_ROWS + 1])
    return render(request, "ledger/list_print.html", {
        "campaign": campaign, "filters": filters, "rows": rows[:PRINT_ROWS], "truncated": len(rows) > PRINT_ROWS,
        "limit": PRINT_ROWS, "light_labels": lights.LIGHT_LABELS, "print_unit": f.unit or campaign.root_unit,
        "printed_at": timezone.now(), "counts": selectors.status_counts(request.user, campaign, f),
        "statuses": ProblemStatus.choices,
    })


def _transition_said(problem, action: str) -> str:
    label = TRANSITIONS.get(action.replace("-", "_"))
    return _("%(number)s：已%(action)s") % {"number": problem.number, "action": label.label if label else action}


@action_on(selectors.problem_get)
def problem_transition_view(request, problem):
    form = forms.TransitionForm(request.POST)
    return post_action(request, lambda d: problem_transition(
        actor=request.user, problem=problem, action=d["action"], reason=d.get("reason") or "",
        expected_version=d.get("version")), form=form,
        success=lambda _r: _transition_said(problem, form.cleaned_data["action"]), to=_detail(problem))


@action_on(selectors.problem_get)
def measure_view(request, problem):
    if request.POST.get("measure"):
        measure = selectors.measure_get(problem, request.POST["measure"])
        return post_action(request, lambda d: services.measure_set_status(
            actor=request.user, measure=measure, status=d.get("status", "")), success="", to=_detail(problem))
    return post_action(request, lambda d: services.measure_add(actor=request.user, problem=problem, **d),
                       form=forms.MeasureForm(request.POST), success=_("整改措施已添加"), to=_detail(problem))


@action_on(selectors.problem_get)
def progress_view(request, problem):
    return post_action(request, lambda d: services.progress_add(
        actor=request.user, problem=problem, text=d["text"], percent=d["percent"], on=d.get("date"),
        files=request.FILES.getlist("files")), form=forms.ProgressForm(request.POST, request.FILES),
        success=_("进展已填报"), to=_detail(problem))


@action_on(selectors.problem_get)
def closure_view(request, problem):
    return post_action(request, lambda d: problem_transition(
        actor=request.user, problem=problem, action="request_closure", evidence_summary=d["evidence_summary"],
        files=tuple(request.FILES.getlist("files")), expected_version=d.get("version")),
        form=forms.ClosureForm(request.POST, request.FILES), success=_("销号申请已提交，等待审核"), to=_detail(problem))


@action_on(selectors.problem_get)
def lookback_view(request, problem):
    return post_action(request, lambda d: services.lookback_record(actor=request.user, problem=problem, **d),
                       form=forms.LookBackForm(request.POST), success=_("回头看已记录"), to=_detail(problem))


@action_on(selectors.problem_get)
def attachment_upload(request, problem):
    return post_action(request, lambda d: services.attachment_add(
        actor=request.user, problem=problem, files=request.FILES.getlist("files")),
        success=lambda rows: _("已上传 %(n)s 个文件") % {"n": len(rows)}, to=_detail(problem))


@page()
def attachment_download(request, pk):
    return evidence_file(selectors.attachment_get(request.user, pk))


def _safe_next(request, fallback: str) -> str:
    """The `next` the form sent when it stays on this site, else `fallback` (no off-site redirect)."""
    back = request.POST.get("next") or ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return back
    return fallback


BULK_DONE = {
    "assign": gettext_lazy("已批量修改 %(n)s 个问题"),
    "approve": gettext_lazy("已审核通过（销号） %(n)s 个问题"),
    "return": gettext_lazy("已退回 %(n)s 个销号申请"),
    "urge": gettext_lazy("已催办 %(n)s 个问题"),
}
REFUSALS_SHOWN = 30


def _say_batch(request, op: str, result, missing: int) -> None:
    """The batch's outcome: how many were done, then each refused problem and why."""
    if result.count:
        messages.success(request, BULK_DONE[op] % {"n": result.count})
    for refusal in result.refused[:REFUSALS_SHOWN]:
        messages.error(request, str(refusal))
    if len(result.refused) > REFUSALS_SHOWN:
        messages.error(request, _("另有 %(n)s 个问题未能处理") % {"n": len(result.refused) - REFUSALS_SHOWN})
    if missing:
        messages.error(request, _("%(n)s 个所选问题不存在或不在您的权限范围内") % {"n": missing})
    if not (result.count or result.refused or missing):
        messages.error(request, _("请先勾选问题"))


@require_POST
@require_roles(P.OFFICE)
def bulk_view(request):
    """The list's batch actions on the ticked problems: assign (责任人、时限), approve or return closure
    requests with one reason, 催办. Each problem goes through its own service (ledger.batch)."""
    back = _safe_next(request, reverse("ledger:list"))
    form = forms.BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    d = form.cleaned_data
    ids = [int(x) for x in d["ids"].split(",") if x.strip().isdigit()]
    problems = selectors.problems_by_ids(request.user, ids)
    op = d["op"] or "assign"
    try:
        if op == "assign":
            responsible, responsible_name = services.resolve_person(
                d.get("responsible_name"), within=request.user, field="responsible_name")
            result = batch.problems_assign(actor=request.user, problems=problems, responsible=responsible,
                                           responsible_name=responsible_name, deadline=d.get("deadline"))
        elif op == "urge":
            result = batch.problems_urge(actor=request.user, problems=problems)
        else:
            result = batch.problems_decide(actor=request.user, problems=problems, decision=op,
                                           reason=d.get("reason") or "")
    except TaizhangError as exc:
        flash_error(request, exc)
        return redirect(back)
    _say_batch(request, op, result, len(set(ids)) - len(problems))
    return redirect(back)


@action_on(selectors.problem_get)
def urge_view(request, problem):
    """催办 one problem from its page: the fitting 督办单 to its unit and a message to the responsible person."""
    return post_action(request, lambda d: problem_urge(actor=request.user, problem=problem),
                       success=lambda slip: _("已催办：签发%(kind)s %(number)s") % {
                           "kind": slip.get_kind_display(), "number": slip.number}, to=_detail(problem))


@page()
def todo(request):
    campaign = campaign_required(request)
    if scope_q(request.user, P.CHANGE) is None and scope_q(request.user, P.REVIEW) is None:
        raise Http404()
    groups = selectors.todo_for(request.user, campaign)
    # The office reviews 销号 with the problems' quality warnings in view (taizhang.quality).
    groups["review"], generic_checked = quality_selectors.annotate_findings(request.user, campaign, groups["review"])
    return render(request, "ledger/todo.html", {"campaign": campaign, "groups": [
        (_("待认领"), groups["accept"]), (_("待更新进展"), groups["update"]), (_("待审核销号"), groups["review"])],
        "light_labels": lights.LIGHT_LABELS, "generic_checked": generic_checked})


@page()
def carry_over(request):
    campaign = campaign_required(request)
    if not has_action(request.user, P.REVIEW, campaign.root_unit):
        raise Http404()
    form = forms.CarryOverForm(request.POST or None, initial={
        "source": campaign.predecessor.slug if campaign.predecessor_id else ""})
    form.fields["source"].choices = [(c.slug, c.name) for c in other_campaigns(request.user, campaign)]
    return form_page(request, form, save=lambda d: services.campaign_carry_over(
        actor=request.user, source=campaign_get(request.user, d["source"]), target=campaign),
        success=lambda result: _("已承接 %(copied)s 个未完成问题（此前已承接 %(before)s 个）") % {
            "copied": result["copied"], "before": result["skipped_already_carried"]},
        to=reverse("ledger:list") + f"?campaign={campaign.slug}", template="ledger/carry_over.html",
        context={"campaign": campaign})


def _calendar_day_delete(request):
    try:
        day = date.fromisoformat(request.POST["delete"])
    except ValueError:
        messages.error(request, "日期无效")
        return redirect("ledger:calendar")
    return post_action(request, lambda d: services.calendar_day_delete(actor=request.user, day=day),
                       success=_("已删除"), to="ledger:calendar")


@require_roles(P.SYSADMIN)
def calendar(request):
    if request.method == "POST" and request.POST.get("delete"):
        return _calendar_day_delete(request)
    year = request.GET.get("year", "")
    return form_page(request, forms.CalendarDayForm(request.POST or None), save=lambda d: services.calendar_day_save(
        actor=request.user, day=d["date"], is_workday=d["is_workday"], name=d["name"]),
        success=_("工作日历已保存"), to="ledger:calendar", template="ledger/calendar.html",
        context={"days": selectors.calendar_days(year)[:400], "year": year})

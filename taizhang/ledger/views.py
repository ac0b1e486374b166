"""Pages of the ledger: list, problem page, forms, 我的待办, carry-over and the workday calendar.

Views parse input and call selectors and services; nothing here changes state on its own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_get, campaigns_for, current_campaign
from taizhang.core.exceptions import TaizhangError, ValidationFailed
from taizhang.ledger import forms, lights, selectors, services
from taizhang.ledger.evidence import storage_path
from taizhang.ledger.lifecycle import TRANSITIONS, open_closure, problem_transition
from taizhang.ledger.models import MeasureStatus, ProblemStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import has_action, has_any_role, scope_q
from taizhang.orgs.selectors import unit_get
from taizhang.web.views import form_apply_error, require_roles, service_errors
from taizhang.workflow import available


def _campaign(request):
    slug = request.GET.get("campaign") or request.POST.get("campaign")
    campaign = campaign_get(request.user, slug) if slug else current_campaign(request.user, request)
    if campaign is None:
        raise Http404("没有可用的专项工作")
    return campaign


def _filter_from(form, user) -> selectors.ProblemFilter:
    d = form.cleaned_data if form.is_valid() else {}
    unit = None
    if d.get("unit"):
        unit = Unit.objects.for_user(user, P.VIEW).filter(code=d["unit"].strip()).first()
        if unit is None:
            unit = Unit.objects.none().first()
            form.add_error("unit", "单位不存在或不在您的权限范围内") if form.is_valid() else None
    return selectors.ProblemFilter(
        unit=unit, status=d.get("status") or "", light=d.get("light") or "", category=d.get("category") or "",
        source=d.get("source") or "", kind=d.get("kind") or "", leader=(d.get("leader") or "").strip(),
        overdue=bool(d.get("overdue")), due_soon=bool(d.get("due_soon")), q=(d.get("q") or "").strip(),
        sort=d.get("sort") or "number")


@login_required
@service_errors
def problem_list(request):
    campaign = _campaign(request)
    form = forms.FilterForm(request.GET or None, campaign=campaign)
    f = _filter_from(form, request.user) if request.GET else selectors.ProblemFilter()
    qs = selectors.problem_list(request.user, campaign, f)
    page = selectors.page_of(qs, (form.cleaned_data.get("page") if form.is_valid() else None) or 1)
    query = request.GET.copy()
    query.pop("page", None)
    is_office = has_any_role(request.user, P.OFFICE)
    template = "ledger/_results.html" if request.htmx else "ledger/list.html"
    return render(request, template, {
        "campaign": campaign, "form": form, "page": page, "query": query.urlencode(),
        "counts": selectors.status_counts(request.user, campaign, f), "statuses": ProblemStatus.choices,
        "can_create": has_any_role(request.user, P.OFFICE, P.CLERK), "can_bulk": is_office,
        "bulk_form": forms.BulkForm(), "light_labels": lights.LIGHT_LABELS,
        "can_carry": is_office and campaign.predecessor_id is not None,
    })


def _units_by_code(codes: list[str]) -> list:
    """Units named as lead or co-units: any unit of the tree may help, not only those in the user's scope."""
    found = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise ValidationFailed(f"单位编码不存在：{'、'.join(missing)}", field="co_unit_codes")
    return [found[c] for c in codes]


def _problem_fields(form) -> dict:
    d = form.cleaned_data
    lead = d.get("lead_unit_code", "").strip()
    lead_unit = _units_by_code([lead])[0] if lead else None
    leader, leader_name = services.resolve_person(d.get("leader_name"))
    responsible, responsible_name = services.resolve_person(d.get("responsible_name"))
    return {"title": d["title"], "description": d.get("description", ""), "category": d.get("category", ""),
            "source": d.get("source", ""), "level": d["level"], "leader": leader, "leader_name": leader_name,
            "responsible": responsible, "responsible_name": responsible_name, "kind": d["kind"],
            "target": d.get("target", ""), "deadline": d.get("deadline"),
            "review_cadence_months": d.get("review_cadence_months"), "lead_unit": lead_unit,
            "co_units": _units_by_code(d.get("co_unit_codes") or [])}


@login_required
@service_errors
def problem_create(request):
    if not has_any_role(request.user, P.OFFICE, P.CLERK):
        raise Http404()
    campaign = _campaign(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = forms.ProblemForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = unit_get(request.user, form.cleaned_data["unit_code"].strip(), P.CREATE)
            problem = services.problem_create(actor=request.user, campaign=campaign, unit=unit,
                                              **_problem_fields(form))
            messages.success(request, _("已录入问题 %(number)s") % {"number": problem.number})
            return redirect("ledger:detail", pk=problem.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "ledger/form.html", {"form": form, "title": _("录入问题"), "campaign": campaign})


@login_required
@service_errors
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
    # On a conflict the form is re-rendered from request.POST, so the user's input is kept.
    form = forms.ProblemForm(request.POST or None, campaign=problem.campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fields = _problem_fields(form)
            code = form.cleaned_data["unit_code"].strip()
            if code != problem.unit.code:
                fields["unit"] = unit_get(request.user, code, P.CHANGE)
            services.problem_update(actor=request.user, problem=problem,
                                    expected_version=form.cleaned_data.get("version") or problem.version, **fields)
            messages.success(request, _("已保存"))
            return redirect("ledger:detail", pk=problem.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "ledger/form.html", {"form": form, "title": _("编辑 %(number)s") % {"number": problem.number}, "problem": problem,
                                                "campaign": problem.campaign})


@login_required
@service_errors
def problem_detail(request, pk):
    problem = selectors.problem_get(request.user, pk)
    user = request.user
    can_change = has_action(user, P.CHANGE, problem.unit)
    can_review = has_action(user, P.REVIEW, problem.unit)
    closure = open_closure(problem)
    return render(request, "ledger/detail.html", {
        "problem": problem, "campaign": problem.campaign,
        "light": lights.light(problem), "light_labels": lights.LIGHT_LABELS,
        "overdue": lights.is_overdue(problem), "due_soon": lights.is_due_soon(problem),
        "measures": list(problem.measures.all()), "measure_statuses": MeasureStatus.choices,
        "timeline": selectors.timeline(problem),
        "attachments": list(problem.attachments.select_related("uploaded_by")),
        "closures": list(problem.closure_requests.select_related("requested_by", "reviewer")
                         .prefetch_related("attachments")),
        "lookbacks": list(problem.lookbacks.select_related("reviewer")),
        "co_units": list(problem.co_units.all()),
        "actions": [t for t in available(problem, user) if t.action not in ("request_closure",)],
        "open_closure": closure,
        "can_change": can_change and not selectors.is_finished(problem),
        "can_review": can_review and closure is not None and closure.requested_by_id != user.pk,
        "can_lookback": can_review and problem.status == ProblemStatus.CLOSED,
        "can_request": can_change and problem.status == ProblemStatus.IN_PROGRESS,
        "measure_form": forms.MeasureForm(), "progress_form": forms.ProgressForm(),
        "closure_form": forms.ClosureForm(), "lookback_form": forms.LookBackForm(),
    })


def _back(problem):
    return redirect(reverse("ledger:detail", kwargs={"pk": problem.pk}))


@require_POST
@login_required
@service_errors
def problem_transition_view(request, pk):
    problem = selectors.problem_get(request.user, pk)
    form = forms.TransitionForm(request.POST)
    if form.is_valid():
        try:
            action = form.cleaned_data["action"]
            problem_transition(actor=request.user, problem=problem, action=action,
                               reason=form.cleaned_data.get("reason") or "",
                               expected_version=form.cleaned_data.get("version"))
            label = TRANSITIONS.get(action.replace("-", "_"))
            messages.success(request, _("%(number)s：已%(action)s") % {"number": problem.number, "action": label.label if label else action})
        except TaizhangError as exc:
            messages.error(request, exc.message)
    return _back(problem)


@require_POST
@login_required
@service_errors
def measure_view(request, pk):
    problem = selectors.problem_get(request.user, pk)
    try:
        if request.POST.get("measure"):
            measure = problem.measures.filter(pk=request.POST["measure"]).first()
            if measure is None:
                raise Http404()
            services.measure_set_status(actor=request.user, measure=measure, status=request.POST.get("status", ""))
        else:
            form = forms.MeasureForm(request.POST)
            if not form.is_valid():
                messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
                return _back(problem)
            services.measure_add(actor=request.user, problem=problem, **form.cleaned_data)
            messages.success(request, _("整改措施已添加"))
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return _back(problem)


def _submit(request, problem, form, write, success):
    """The shape of every form on the problem page: validate, call the service, say how it went, go back."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
            messages.success(request, success)
        except TaizhangError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return _back(problem)


@require_POST
@login_required
@service_errors
def progress_view(request, pk):
    problem = selectors.problem_get(request.user, pk)
    return _submit(request, problem, forms.ProgressForm(request.POST, request.FILES), lambda d: services.progress_add(
        actor=request.user, problem=problem, text=d["text"], percent=d["percent"], on=d.get("date"),
        files=request.FILES.getlist("files")), _("进展已填报"))


@require_POST
@login_required
@service_errors
def closure_view(request, pk):
    problem = selectors.problem_get(request.user, pk)
    return _submit(request, problem, forms.ClosureForm(request.POST, request.FILES), lambda d: problem_transition(
        actor=request.user, problem=problem, action="request_closure", evidence_summary=d["evidence_summary"],
        files=tuple(request.FILES.getlist("files")), expected_version=d.get("version")),
        _("销号申请已提交，等待审核"))


@require_POST
@login_required
@service_errors
def lookback_view(request, pk):
    problem = selectors.problem_get(request.user, pk)
    return _submit(request, problem, forms.LookBackForm(request.POST), lambda d: services.lookback_record(
        actor=request.user, problem=problem, **d), _("回头看已记录"))


@require_POST
@login_required
@service_errors
def attachment_upload(request, pk):
    problem = selectors.problem_get(request.user, pk)
    try:
        rows = services.attachment_add(actor=request.user, problem=problem, files=request.FILES.getlist("files"))
        messages.success(request, _("已上传 %(n)s 个文件") % {"n": len(rows)})
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return _back(problem)


@login_required
@service_errors
def attachment_download(request, pk):
    """The file under its original (Chinese) name; Django writes RFC 5987 filename* for it."""
    row = selectors.attachment_get(request.user, pk)
    path = storage_path(row.sha256)
    if not path.exists():
        raise Http404("文件不存在")
    return FileResponse(path.open("rb"), as_attachment=True, filename=row.original_name,
                        content_type=row.content_type)


@require_POST
@login_required
@service_errors
def bulk_view(request):
    if not has_any_role(request.user, P.OFFICE):
        raise Http404()
    form = forms.BulkForm(request.POST)
    back = request.POST.get("next") or reverse("ledger:list")
    if not back.startswith("/"):
        back = reverse("ledger:list")
    if not form.is_valid():
        messages.error(request, _("请先勾选问题"))
        return redirect(back)
    ids = [int(x) for x in form.cleaned_data["ids"].split(",") if x.strip().isdigit()]
    problems = list(selectors.problems_for(request.user).select_related("unit", "campaign").filter(pk__in=ids))
    responsible, responsible_name = services.resolve_person(form.cleaned_data.get("responsible_name"))
    try:
        n = services.problems_bulk_update(actor=request.user, problems=problems, responsible=responsible,
                                          responsible_name=responsible_name,
                                          deadline=form.cleaned_data.get("deadline"))
        messages.success(request, _("已批量修改 %(n)s 个问题") % {"n": n})
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect(back)


@login_required
@service_errors
def todo(request):
    campaign = _campaign(request)
    if scope_q(request.user, P.CHANGE) is None and scope_q(request.user, P.REVIEW) is None:
        raise Http404()
    groups = selectors.todo_for(request.user, campaign)
    return render(request, "ledger/todo.html", {"campaign": campaign, "groups": [
        (_("待认领"), groups["accept"]), (_("待更新进展"), groups["update"]), (_("待审核销号"), groups["review"])],
        "light_labels": lights.LIGHT_LABELS})


@login_required
@service_errors
def carry_over(request):
    campaign = _campaign(request)
    if not has_action(request.user, P.REVIEW, campaign.root_unit):
        raise Http404()
    sources = [(c.slug, c.name) for c in campaigns_for(request.user).exclude(pk=campaign.pk)]
    form = forms.CarryOverForm(request.POST or None, initial={
        "source": campaign.predecessor.slug if campaign.predecessor_id else ""})
    form.fields["source"].choices = sources
    if request.method == "POST" and form.is_valid():
        try:
            source = campaign_get(request.user, form.cleaned_data["source"])
            result = services.campaign_carry_over(actor=request.user, source=source, target=campaign)
            messages.success(request, _("已承接 %(copied)s 个未完成问题（此前已承接 %(before)s 个）") % {
                "copied": result["copied"], "before": result["skipped_already_carried"]})
            return redirect(reverse("ledger:list") + f"?campaign={campaign.slug}")
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "ledger/carry_over.html", {"form": form, "campaign": campaign})


@require_roles(P.SYSADMIN)
def calendar(request):
    from taizhang.ledger.models import CalendarDay

    form = forms.CalendarDayForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("delete"):
                from datetime import date

                services.calendar_day_delete(actor=request.user, day=date.fromisoformat(request.POST["delete"]))
                messages.success(request, _("已删除"))
                return redirect("ledger:calendar")
            if form.is_valid():
                services.calendar_day_save(actor=request.user, day=form.cleaned_data["date"],
                                           is_workday=form.cleaned_data["is_workday"], name=form.cleaned_data["name"])
                messages.success(request, _("工作日历已保存"))
                return redirect("ledger:calendar")
        except (TaizhangError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "日期无效"))
    year = request.GET.get("year", "")
    days = CalendarDay.objects.all()
    if year.isdigit():
        days = days.filter(date__year=int(year))
    return render(request, "ledger/calendar.html", {"form": form, "days": days[:400], "year": year})

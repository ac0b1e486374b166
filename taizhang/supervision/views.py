"""Supervision pages: 督办单 list / detail / issue / steps, 约谈建议, 通报 and 回头看安排.

Built for a township clerk on a phone as much as for the office at a desk: one column under 576 px,
the actions as full-width buttons."""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.exceptions import NotFound, TaizhangError
from taizhang.ledger import selectors as ledger_selectors
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role, require_any_action
from taizhang.orgs.selectors import unit_from_code
from taizhang.supervision import circulars, selectors, services
from taizhang.supervision.documents import slip_docx
from taizhang.supervision.forms import CircularForm, ReasonForm, ReplyForm, SlipForm
from taizhang.supervision.models import SlipKind, SlipStatus
from taizhang.web.views import form_apply_error, posted_version, service_errors
from taizhang.workflow import available

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TABS = {"received": "收到的", "issued": "发出的", "all": "全部"}



def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
@service_errors
def slip_list(request):
    require_any_action(request.user, P.VIEW)
    can_issue = has_any_role(request.user, P.OFFICE, P.INSPECTOR)
    # Default: what came in, unless the user only issues (a county office or an inspector group).
    tab = request.GET.get("tab") or ("received" if not can_issue or selectors.slips_received(request.user).exists()
                                     else "issued")
    tab = tab if tab in TABS else "received"
    source = {"received": selectors.slips_received, "issued": selectors.slips_issued,
              "all": selectors.slips_visible}[tab]
    qs = source(request.user).order_by("-issued_at", "-id")
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in SlipStatus.values:
        qs = qs.filter(status=status)
    if kind in SlipKind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/slip_list.html", {
        "page": page, "tab": tab, "tabs": TABS, "status": status, "kind": kind, "statuses": SlipStatus.choices,
        "kinds": SlipKind.choices, "can_issue": can_issue, "today": timezone.localdate(),
        "nav_current": "supervision:slip_list"})


def _problems_from_numbers(user, campaign, text: str) -> list:
    numbers = [n for n in re.split(r"[\s,，、;；]+", text or "") if n]
    if numbers and campaign is None:
        raise TaizhangError("请先选择专项工作", field="problem_numbers")
    out = []
    for number in numbers:
        try:
            out.append(ledger_selectors.problem_by_number(user, campaign, number))
        except NotFound as exc:
            raise TaizhangError(exc.message, field="problem_numbers") from exc
    return out


@login_required
@service_errors
def slip_create(request):
    require_any_action(request.user, P.SUPERVISE)
    campaign = campaign_for_request(request)
    initial = {"kind": request.GET.get("kind") or SlipKind.NOTICE, "unit_code": request.GET.get("unit", "")}
    problem = None
    if request.GET.get("problem", "").isdigit():
        problem = ledger_selectors.problem_get(request.user, int(request.GET["problem"]))
        if not has_action(request.user, P.SUPERVISE, problem.unit):
            raise Http404()
        campaign = problem.campaign
        initial.update(unit_code=problem.unit.code, problem_numbers=problem.number,
                       title=f"关于问题「{problem.title}」的督办")
    suggestion = None
    sid = request.POST.get("suggestion") or request.GET.get("suggestion", "")
    if sid.isdigit():
        suggestion = selectors.suggestion_get(request.user, int(sid))
        campaign = suggestion.campaign
        initial.update(kind=SlipKind.INTERVIEW, unit_code=suggestion.unit.code, content=suggestion.reason,
                       problem_numbers=" ".join(p.number for p in suggestion.problems.all()))
    form = SlipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = unit_from_code(request.user, data["unit_code"], P.SUPERVISE)
            problems = _problems_from_numbers(request.user, campaign, data["problem_numbers"])
            slip = services.slip_issue(actor=request.user, kind=data["kind"], target_unit=unit, campaign=campaign,
                                       title=data["title"], content=data["content"], problems=problems,
                                       reply_deadline=data["reply_deadline"])
            if suggestion is not None and data["kind"] == SlipKind.INTERVIEW:
                services.suggestion_resolve(actor=request.user, suggestion=suggestion, slip=slip)
            messages.success(request, _("督办单 %(number)s 已签发") % {"number": slip.number})
            return redirect("supervision:slip_detail", pk=slip.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "supervision/slip_form.html", {
        "form": form, "problem": problem, "suggestion": suggestion, "campaign": campaign,
        "nav_current": "supervision:slip_list"})


def slip_timeline(slip) -> list[dict]:
    from django.contrib.contenttypes.models import ContentType

    from taizhang.audit.models import StatusChange

    ct = ContentType.objects.get_for_model(type(slip))
    labels = dict(SlipStatus.choices)
    names = {"issue": "签发", **{a: t.label for a, t in services.TRANSITIONS.items()}}
    return [{"at": sc.at, "label": names.get(sc.action, sc.action), "new": labels.get(sc.new_status, ""),
             "actor": sc.actor, "text": sc.reason}
            for sc in StatusChange.objects.filter(content_type=ct, object_id=slip.pk).select_related("actor")
            .order_by("at", "id")]


@login_required
@service_errors
def slip_detail(request, pk):
    slip = selectors.slip_get(request.user, pk)
    actions = available(slip, request.user)
    return render(request, "supervision/slip_detail.html", {
        "slip": slip, "actions": {t.action: t for t in actions}, "timeline": slip_timeline(slip),
        "problems": slip.problems.select_related("unit").order_by("number"),
        "attachments": slip.attachments.all(), "links": slip.links.all(),
        "reply_form": ReplyForm(), "reason_form": ReasonForm(), "nav_current": "supervision:slip_list"})


@require_POST
@login_required
@service_errors
def slip_action(request, pk, action):
    slip = selectors.slip_get(request.user, pk)
    if services.ACTION_ALIASES.get(action, action) not in services.TRANSITIONS:
        raise Http404()
    try:
        services.slip_transition(actor=request.user, slip=slip, action=action,
                                 reason=request.POST.get("reason", ""), reply=request.POST.get("reply", ""),
                                 files=request.FILES.getlist("files"), expected_version=posted_version(request))
        label = services.TRANSITIONS[services.ACTION_ALIASES.get(action, action)].label
        messages.success(request, _("已%(label)s") % {"label": label})
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:slip_detail", pk=slip.pk)


@login_required
@service_errors
def slip_docx_view(request, pk):
    slip = selectors.slip_get(request.user, pk)
    return _docx_response(slip_docx(slip), f"{slip.number}{slip.get_kind_display()}.docx")


@login_required
@service_errors
def slip_attachment(request, pk):
    from taizhang.ledger.evidence import storage_path

    row = selectors.slip_attachment_get(request.user, pk)
    path = storage_path(row.sha256)
    if not path.exists():
        raise Http404("文件不存在")
    return FileResponse(path.open("rb"), as_attachment=True, filename=row.original_name,
                        content_type=row.content_type)


@login_required
@service_errors
def suggestion_list(request):
    require_any_action(request.user, P.SUPERVISE)
    status = request.GET.get("status", "open")
    qs = selectors.suggestions_visible(request.user, status=status if status != "all" else None)
    page = Paginator(qs.prefetch_related("problems"), 30).get_page(request.GET.get("page"))
    return render(request, "supervision/suggestion_list.html", {
        "page": page, "status": status, "nav_current": "supervision:suggestion_list"})


@require_POST
@login_required
@service_errors
def suggestion_dismiss(request, pk):
    suggestion = selectors.suggestion_get(request.user, pk)
    try:
        services.suggestion_resolve(actor=request.user, suggestion=suggestion, reason=request.POST.get("reason", ""))
        messages.success(request, _("已不予约谈"))
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("supervision:suggestion_list")


@login_required
@service_errors
def circular_list(request):
    require_any_action(request.user, P.VIEW)
    campaign = campaign_for_request(request)
    can_publish = has_any_role(request.user, P.OFFICE, P.INSPECTOR)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = CircularForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_publish:
            raise Http404()
        if form.is_valid() and campaign is not None:
            try:
                unit = unit_from_code(request.user, form.cleaned_data["unit_code"], P.SUPERVISE)
                keys = [k.strip() for k in re.split(r"[,，\s]+", form.cleaned_data["metrics"]) if k.strip()]
                circular = circulars.circular_publish(actor=request.user, unit=unit, campaign=campaign, metrics=keys)
                messages.success(request, _("通报已发布"))
                return redirect("supervision:circular_detail", pk=circular.pk)
            except TaizhangError as exc:
                form_apply_error(form, exc)
    qs = selectors.circulars_visible(request.user, campaign)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/circular_list.html", {
        "page": page, "form": form if can_publish else None, "campaign": campaign,
        "nav_current": "supervision:circular_list"})


@login_required
@service_errors
def circular_detail(request, pk):
    circular = selectors.circular_get(request.user, pk)
    metrics = [{"key": k, "label": circulars.metric_label(k)} for k in circular.metrics]
    rows = [{**r, "cells": [r["display"][m["key"]] for m in metrics]} for r in circular.rows]
    return render(request, "supervision/circular_detail.html", {
        "circular": circular, "metrics": metrics, "rows": rows, "nav_current": "supervision:circular_list"})


@login_required
@service_errors
def circular_docx_view(request, pk):
    circular = selectors.circular_get(request.user, pk)
    from taizhang.supervision.models import Circular

    data = Circular.objects.filter(pk=circular.pk).values_list("document", flat=True).get()
    return _docx_response(bytes(data), f"{circular.title}.docx")


@login_required
@service_errors
def lookback_list(request):
    require_any_action(request.user, P.REVIEW)
    campaign = campaign_for_request(request)
    plans = selectors.lookbacks_due(request.user, campaign).order_by("due_date", "id")
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    return render(request, "supervision/lookback_list.html", {
        "page": page, "campaign": campaign, "nav_current": "supervision:lookback_list"})

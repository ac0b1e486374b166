"""Supervision pages: 督办单 list / detail / issue / steps, 约谈建议, 通报 and 回头看安排.

Built for a township clerk on a phone as much as for the office at a desk: one column under 576 px,
the actions as full-width buttons."""

from __future__ import annotations

import re
from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from taizhang.campaigns.selectors import campaign_for_request, campaign_get
from taizhang.core.exceptions import NotFound, TaizhangError
from taizhang.core.text import quoted
from taizhang.ledger import selectors as ledger_selectors
from taizhang.ledger.evidence import evidence_file
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.orgs.selectors import unit_from_code
from taizhang.supervision import circulars, selectors, services
from taizhang.supervision.documents import slip_docx
from taizhang.supervision.filters import TABS, SlipFilter
from taizhang.supervision.forms import CircularForm, ReasonForm, ReplyForm, SlipForm
from taizhang.supervision.models import SlipKind, SlipStatus
from taizhang.web.shapes import (
    action_dispatch,
    action_on,
    campaign_needed,
    detail_url,
    form_page,
    list_page,
    own_unit_initial,
    page_of,
    post_action,
)
from taizhang.web.views import page, posted_version
from taizhang.workflow import available

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"



def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@page(P.VIEW)
def slip_list(request):
    can_issue = has_any_role(request.user, P.OFFICE, P.INSPECTOR)
    filters = SlipFilter.from_params(request.user, request.GET)
    from_figure = bool(filters.metric or filters.unit)
    filters.tab = filters.tab or ("all" if from_figure else selectors.slip_default_tab(request.user, can_issue))
    campaign = campaign_get(request.user, request.GET["campaign"]) if request.GET.get("campaign") else None
    return list_page(request, selectors.slip_list(request.user, campaign=campaign, **filters.values()),
                     template="supervision/slip_list.html", filters=filters, context={
        "kept": [(name, request.GET[name]) for name in ("campaign", "unit", "metric") if request.GET.get(name)],
        "tab": filters.tab, "tabs": TABS, "status": filters.status, "kind": filters.kind,
        "statuses": SlipStatus.choices, "kinds": SlipKind.choices, "can_issue": can_issue,
        "prefix_units": _prefix_units(request.user) if can_issue else [],
        "today": timezone.localdate(), "nav_current": "supervision:slip_list"})


def _prefix_units(user) -> list[dict]:
    """The units the user issues 督办单 from, each with the prefix its numbers carry."""
    from taizhang.orgs.permissions import roles_granting
    from taizhang.orgs.scope import user_assignments

    roles = roles_granting(P.SUPERVISE)
    units = {a.unit.pk: a.unit for a in user_assignments(user) if a.role in roles}
    return [{"unit": u, "prefix": services.slip_prefix(u)} for u in sorted(units.values(), key=lambda u: u.path)]


@page(P.SUPERVISE)
def slip_prefix(request):
    """设置本单位督办单编号前缀 (POST unit code and prefix; an empty prefix returns to the default)."""
    if request.method != "POST":
        raise Http404()
    return post_action(request, lambda d: services.slip_prefix_set(
        actor=request.user, unit=unit_from_code(request.user, request.POST.get("unit_code", ""), P.SUPERVISE),
        prefix=request.POST.get("prefix", "")), success=lambda prefix: _("督办单编号前缀已设为“%(p)s”") % {"p": prefix},
        to="supervision:slip_list")


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


@page(P.SUPERVISE)
def slip_create(request):
    campaign = campaign_for_request(request)
    initial = {"kind": request.GET.get("kind") or SlipKind.NOTICE, "unit_code": request.GET.get("unit", "")}
    problem = None
    if request.GET.get("problem", "").isdigit():
        problem = ledger_selectors.problem_get(request.user, int(request.GET["problem"]))
        if not has_action(request.user, P.SUPERVISE, problem.unit):
            raise Http404()
        campaign = problem.campaign
        initial.update(unit_code=problem.unit.code, problem_numbers=problem.number,
                       title=f"关于问题{quoted(problem.title)}的督办")
    suggestion = None
    sid = request.POST.get("suggestion") or request.GET.get("suggestion", "")
    if sid.isdigit():
        suggestion = selectors.suggestion_get(request.user, int(sid))
        campaign = suggestion.campaign
        initial.update(kind=SlipKind.INTERVIEW, unit_code=suggestion.unit.code, content=suggestion.reason,
                       problem_numbers=" ".join(p.number for p in suggestion.problems.all()))

    def save(data):
        unit = unit_from_code(request.user, data["unit_code"], P.SUPERVISE)
        problems = _problems_from_numbers(request.user, campaign, data["problem_numbers"])
        slip = services.slip_issue(actor=request.user, kind=data["kind"], target_unit=unit, campaign=campaign,
                                   title=data["title"], content=data["content"], problems=problems,
                                   reply_deadline=data["reply_deadline"])
        if suggestion is not None and data["kind"] == SlipKind.INTERVIEW:
            services.suggestion_resolve(actor=request.user, suggestion=suggestion, slip=slip)
        return slip

    return form_page(request, SlipForm(request.POST or None, initial=initial), save=save,
                     success=lambda slip: _("督办单 %(number)s 已签发") % {"number": slip.number}, to=_slip_page,
                     template="supervision/slip_form.html", context={
                         "problem": problem, "suggestion": suggestion, "campaign": campaign,
                         "nav_current": "supervision:slip_list"})


_slip_page = detail_url("supervision:slip_detail")


def slip_timeline(slip) -> list[dict]:
    labels = dict(SlipStatus.choices)
    names = {"issue": "签发", **{a: t.label for a, t in services.TRANSITIONS.items()}}
    return [{"at": sc.at, "label": names.get(sc.action, sc.action), "new": labels.get(sc.new_status, ""),
             "actor": sc.actor, "text": sc.reason} for sc in selectors.slip_status_changes(slip)]


@page()
def slip_detail(request, pk):
    slip = selectors.slip_get(request.user, pk)
    actions = available(slip, request.user)
    return render(request, "supervision/slip_detail.html", {
        "slip": slip, "actions": {t.action: t for t in actions}, "timeline": slip_timeline(slip),
        "problems": selectors.slip_problems(slip),
        "attachments": slip.attachments.all(), "links": slip.links.all(),
        "reply_form": ReplyForm(), "reason_form": ReasonForm(), "nav_current": "supervision:slip_list"})


def _slip_transition(request, slip, *, action: str):
    label = services.TRANSITIONS[services.ACTION_ALIASES.get(action, action)].label
    return post_action(request, lambda d: services.slip_transition(
        actor=request.user, slip=slip, action=action, reason=d.get("reason", ""), reply=d.get("reply", ""),
        files=request.FILES.getlist("files"), expected_version=posted_version(request)),
        success=_("已%(label)s") % {"label": label}, to=_slip_page(slip))


# Every lifecycle action of a slip, under its own name and its aliases; any other name answers 404.
slip_action = action_dispatch({action: partial(_slip_transition, action=action)
                               for action in [*services.TRANSITIONS, *services.ACTION_ALIASES]},
                              get=selectors.slip_get)


@page()
def slip_docx_view(request, pk):
    slip = selectors.slip_get(request.user, pk)
    return _docx_response(slip_docx(slip), f"{slip.number}{slip.get_kind_display()}.docx")


@page()
def slip_attachment(request, pk):
    return evidence_file(selectors.slip_attachment_get(request.user, pk))


@page(P.SUPERVISE)
def suggestion_list(request):
    status = request.GET.get("status", "open")
    rows = selectors.suggestions_visible(request.user, status=status if status != "all" else None)
    return list_page(request, rows.prefetch_related("problems"), template="supervision/suggestion_list.html",
                     context={"status": status, "nav_current": "supervision:suggestion_list"})


@action_on(selectors.suggestion_get)
def suggestion_dismiss(request, suggestion):
    return post_action(request, lambda d: services.suggestion_resolve(
        actor=request.user, suggestion=suggestion, reason=d.get("reason", "")),
        success=_("已不予约谈"), to="supervision:suggestion_list")


@page(P.VIEW)
def circular_list(request):
    campaign = campaign_for_request(request)
    can_publish = has_any_role(request.user, P.OFFICE, P.INSPECTOR)
    if request.method == "POST" and not can_publish:
        raise Http404()
    initial = own_unit_initial(request.user)
    form = CircularForm(request.POST or None, initial=initial)

    def save(data):
        unit = unit_from_code(request.user, data["unit_code"], P.SUPERVISE)
        keys = [k.strip() for k in re.split(r"[,，\s]+", data["metrics"]) if k.strip()]
        return circulars.circular_publish(actor=request.user, unit=unit, campaign=campaign_needed(campaign),
                                          metrics=keys)

    return form_page(request, form, save=save, success=_("通报已发布"),
                     to=lambda c: reverse("supervision:circular_detail", kwargs={"pk": c.pk}),
                     template="supervision/circular_list.html", context={
                         "page": page_of(request, selectors.circulars_visible(request.user, campaign)),
                         "form": form if can_publish else None, "campaign": campaign,
                         "nav_current": "supervision:circular_list"})


@page()
def circular_detail(request, pk):
    circular = selectors.circular_get(request.user, pk)
    metrics = [{"key": k, "label": circulars.metric_label(k)} for k in circular.metrics]
    rows = [{**r, "cells": [r["display"][m["key"]] for m in metrics]} for r in circular.rows]
    return render(request, "supervision/circular_detail.html", {
        "circular": circular, "metrics": metrics, "rows": rows, "nav_current": "supervision:circular_list"})


@page()
def circular_docx_view(request, pk):
    circular = selectors.circular_get(request.user, pk)
    return _docx_response(selectors.circular_document(circular), f"{circular.title}.docx")


@page(P.REVIEW)
def lookback_list(request):
    campaign = campaign_for_request(request)
    plans = selectors.lookback_plans(request.user, campaign)
    return list_page(request, plans, template="supervision/lookback_list.html", per_page=50, context={
        "campaign": campaign, "nav_current": "supervision:lookback_list"})

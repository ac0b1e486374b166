"""Research pages: topics (incl. 揭榜领题), visits with the clustering warning, reports, transformations."""

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
from taizhang.ledger import selectors as ledger_selectors
from taizhang.orgs import permissions as P
from taizhang.orgs.models import Unit
from taizhang.orgs.scope import has_action, has_any_role, require_any_action
from taizhang.orgs.selectors import unit_from_code, user_from_username
from taizhang.research import selectors, services
from taizhang.research.forms import (
    GradeForm,
    ReportForm,
    TopicEditForm,
    TopicForm,
    TransformationForm,
    VisitForm,
    VisitProblemForm,
    VisitProblemLinkForm,
)
from taizhang.research.models import TopicStatus
from taizhang.web.views import form_apply_error, posted_version, service_errors
from taizhang.workflow import available


@login_required
@service_errors
def topic_list(request):
    require_any_action(request.user, P.VIEW)
    campaign = campaign_for_request(request)
    status = request.GET.get("status", "")
    qs = selectors.topic_list(request.user, campaign, status=status)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "research/topic_list.html", {
        "campaign": campaign, "page": page, "status": status, "statuses": TopicStatus.choices,
        "can_create": has_any_role(request.user, P.OFFICE, P.CLERK), "nav_current": "research:topic_list"})


@login_required
@service_errors
def topic_open_list(request):
    if not has_any_role(request.user, P.LEADER):
        raise Http404()
    campaign = campaign_for_request(request)
    topics = selectors.topics_open(request.user, campaign).order_by("-created_at")[:200]
    return render(request, "research/topic_open.html", {"campaign": campaign, "topics": topics,
                                                        "nav_current": "research:topic_open"})


@login_required
@service_errors
def topic_create(request):
    if not has_any_role(request.user, P.OFFICE, P.CLERK):
        raise Http404()
    campaign = campaign_for_request(request)
    initial = {"unit_code": request.user.unit.code if request.user.unit_id else ""}
    form = TopicForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid() and campaign is not None:
        data = dict(form.cleaned_data)
        try:
            unit = unit_from_code(request.user, data.pop("unit_code"), P.CREATE)
            data["lead_leader"] = user_from_username(data.pop("leader_username"), field="leader_username")
            topic = services.topic_create(actor=request.user, campaign=campaign, unit=unit, **data)
            messages.success(request, "调研课题已登记")
            return redirect("research:topic_detail", pk=topic.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "research/form.html", {"form": form, "title": "登记调研课题",
                                                  "back": "research:topic_list"})


@login_required
@service_errors
def topic_detail(request, pk):
    topic = selectors.topic_get(request.user, pk)
    user = request.user
    can_change = has_action(user, P.CHANGE, topic.unit)
    can_lead = has_action(user, P.LEAD, topic.unit)
    return render(request, "research/topic_detail.html", {
        "topic": topic, "visits": topic.visits.select_related("leader", "site_unit").order_by("start_date", "id"),
        "transformations": topic.transformations.all(),
        "actions": [t for t in available(topic, user) if t.action in services.TOPIC_TRANSITIONS],
        "can_change": can_change, "can_lead": can_lead, "can_take": can_lead and topic.is_open,
        "can_review": has_action(user, P.REVIEW, topic.unit),
        "report_form": ReportForm(initial={"abstract": topic.report_abstract}),
        "grade_form": GradeForm(initial={"exchange_grade": topic.exchange_grade,
                                         "exchange_score": topic.exchange_score}),
        "transformation_form": TransformationForm(),
        "transformation_actions": services.TRANSFORMATION_TRANSITIONS.values(),
        "nav_current": "research:topic_list",
    })


@login_required
@service_errors
def topic_edit(request, pk):
    topic = selectors.topic_get(request.user, pk)
    if not has_action(request.user, P.CHANGE, topic.unit):
        raise Http404()
    initial = {"leader_username": topic.lead_leader.username if topic.lead_leader_id else ""}
    form = TopicEditForm(request.POST or None, instance=topic, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["lead_leader"] = user_from_username(data.pop("leader_username"), field="leader_username")
            topic = selectors.topic_get(request.user, pk)  # fresh copy: the form wrote into the instance
            services.topic_update(actor=request.user, topic=topic, expected_version=posted_version(request), **data)
            messages.success(request, "调研课题已保存")
            return redirect("research:topic_detail", pk=topic.pk)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "research/form.html", {"form": form, "title": f"修改课题：{topic.title}",
                                                  "version": topic.version, "back_obj": topic})


@require_POST
@login_required
@service_errors
def topic_take(request, pk):
    topic = selectors.topic_get(request.user, pk)
    if not has_action(request.user, P.LEAD, topic.unit):
        raise Http404()
    try:
        services.topic_take(actor=request.user, topic=topic, expected_version=posted_version(request))
        messages.success(request, "已揭榜领题")
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("research:topic_detail", pk=topic.pk)


@require_POST
@login_required
@service_errors
def topic_action(request, pk, action):
    topic = selectors.topic_get(request.user, pk)
    if action not in services.TOPIC_TRANSITIONS:
        raise Http404()
    try:
        services.topic_transition(actor=request.user, topic=topic, action=action,
                                  expected_version=posted_version(request), reason=request.POST.get("reason", ""))
        messages.success(request, f"已{services.TOPIC_TRANSITIONS[action].label}")
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("research:topic_detail", pk=topic.pk)


@require_POST
@login_required
@service_errors
def topic_report(request, pk):
    topic = selectors.topic_get(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.topic_report(actor=request.user, topic=topic, expected_version=posted_version(request),
                                  abstract=form.cleaned_data["abstract"], upload=form.cleaned_data["report_file"])
            messages.success(request, "调研报告已保存")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    return redirect("research:topic_detail", pk=topic.pk)


@require_POST
@login_required
@service_errors
def topic_grade(request, pk):
    topic = selectors.topic_get(request.user, pk)
    if not has_action(request.user, P.REVIEW, topic.unit):
        raise Http404()
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            services.topic_grade(actor=request.user, topic=topic, expected_version=posted_version(request),
                                 grade=form.cleaned_data["exchange_grade"], score=form.cleaned_data["exchange_score"])
            messages.success(request, "成果评定已保存")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    return redirect("research:topic_detail", pk=topic.pk)


def _site_unit(user, code: str):
    code = (code or "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(code=code, active=True).first()
    if unit is None:
        from taizhang.core.exceptions import ValidationFailed

        raise ValidationFailed(f"调研单位编码「{code}」不存在", field="site_unit_code")
    return unit


@login_required
@service_errors
def visit_create(request, pk):
    """Plan or record a visit. If other leaders visit the same site within the window, the form comes
    back with those visits listed and saves only once the planner ticks the confirmation."""
    topic = selectors.topic_get(request.user, pk)
    if not any(has_action(request.user, a, topic.unit) for a in (P.CREATE, P.LEAD)):
        raise Http404()
    form = VisitForm(request.POST or None, campaign=topic.campaign)
    clashes = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["site_unit"] = _site_unit(request.user, data.pop("site_unit_code"))
            services.visit_create(actor=request.user, topic=topic, **data)
            messages.success(request, "调研走访已保存")
            return redirect("research:topic_detail", pk=topic.pk)
        except services.VisitClusterWarning as exc:
            clashes = exc.visits
            form.add_error(None, exc.message)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "research/visit_form.html", {"form": form, "topic": topic, "clashes": clashes,
                                                        "title": f"登记调研走访：{topic.title}"})


@login_required
@service_errors
def visit_edit(request, pk):
    visit = selectors.visit_get(request.user, pk)
    if not any(has_action(request.user, a, visit.unit) for a in (P.CHANGE, P.LEAD)):
        raise Http404()
    initial = {"site_unit_code": visit.site_unit.code if visit.site_unit_id else "", "method": visit.method}
    form = VisitForm(request.POST or None, instance=visit, initial=initial, campaign=visit.campaign)
    form.fields.pop("confirm_cluster")
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["site_unit"] = _site_unit(request.user, data.pop("site_unit_code"))
            data["end_date"] = data.get("end_date") or data["start_date"]
            visit = selectors.visit_get(request.user, pk)
            services.visit_update(actor=request.user, visit=visit, expected_version=posted_version(request), **data)
            messages.success(request, "调研走访已保存")
            return redirect("research:topic_detail", pk=visit.topic_id)
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "research/visit_form.html", {"form": form, "topic": visit.topic, "visit": visit,
                                                        "title": "修改调研走访"})


@login_required
@service_errors
def visit_detail(request, pk):
    """One visit with the problems it found (调研发现), and the forms to record or link more."""
    visit = selectors.visit_get(request.user, pk)
    can_change = has_action(request.user, P.CHANGE, visit.unit)
    return render(request, "research/visit_detail.html", {
        "visit": visit, "problems": selectors.visit_problems(request.user, visit),
        "can_change": can_change, "can_edit": can_change or has_action(request.user, P.LEAD, visit.unit),
        "problem_form": VisitProblemForm(campaign=visit.campaign, initial={"unit_code": visit.unit.code}),
        "link_form": VisitProblemLinkForm(), "nav_current": "research:visit_list"})


def _form_errors(form) -> str:
    return "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e[0]}"
                    for f, e in form.errors.items()) or "输入有误"


@require_POST
@login_required
@service_errors
def visit_problem_create(request, pk):
    """记录调研发现的问题: create the problem in the ledger and link it to the visit, in one transaction."""
    visit = selectors.visit_get(request.user, pk)
    form = VisitProblemForm(request.POST, campaign=visit.campaign)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            unit = unit_from_code(request.user, data.pop("unit_code"), P.CREATE)
            problem = dossier_services.visit_record_problem(actor=request.user, visit=visit, unit=unit, **data)
            messages.success(request, f"问题 {problem.number} 已录入整改台账并关联本次调研")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _form_errors(form))
    return redirect("research:visit_detail", pk=visit.pk)


@require_POST
@login_required
@service_errors
def visit_problem_link(request, pk):
    """关联已有问题 by its number in the visit's campaign."""
    visit = selectors.visit_get(request.user, pk)
    form = VisitProblemLinkForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        try:
            problem = ledger_selectors.problem_by_number(request.user, visit.campaign, number)
            dossier_services.visit_link_problems(actor=request.user, visit=visit, problems=[problem])
            messages.success(request, f"已关联问题 {problem.number}")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _form_errors(form))
    return redirect("research:visit_detail", pk=visit.pk)


@require_POST
@login_required
@service_errors
def visit_problem_unlink(request, pk, problem_pk):
    """取消关联: a problem linked to the visit by mistake (the problem itself stays in the ledger)."""
    visit = selectors.visit_get(request.user, pk)
    take_back_link(request, linked=selectors.visit_problems(request.user, visit), problem_pk=problem_pk,
                   unlink=lambda p: dossier_services.visit_unlink_problem(actor=request.user, visit=visit, problem=p))
    return redirect("research:visit_detail", pk=visit.pk)


@login_required
@service_errors
def visit_list(request):
    require_any_action(request.user, P.VIEW)
    campaign = campaign_for_request(request)
    qs = selectors.visits_visible(request.user, campaign).order_by("-start_date", "-id")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "research/visit_list.html", {"campaign": campaign, "page": page,
                                                        "methods": dict(campaign.code_choices("research_method"))
                                                        if campaign else {},
                                                        "nav_current": "research:visit_list"})


@login_required
@service_errors
def visit_cluster_list(request):
    """避免扎堆调研: the office's view of sites visited by several leaders within the window."""
    if not has_any_role(request.user, P.OFFICE):
        raise Http404()
    campaign = campaign_for_request(request)
    clusters = selectors.visit_clusters(request.user, campaign) if campaign else []
    return render(request, "research/visit_clusters.html", {"campaign": campaign, "clusters": clusters,
                                                            "nav_current": "research:visit_clusters"})


@require_POST
@login_required
@service_errors
def transformation_create(request, pk):
    topic = selectors.topic_get(request.user, pk)
    form = TransformationForm(request.POST)
    if form.is_valid():
        try:
            services.transformation_create(actor=request.user, topic=topic, **form.cleaned_data)
            messages.success(request, "成果转化事项已登记")
        except TaizhangError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items()
                                         if f in form.fields) or "输入有误")
    return redirect("research:topic_detail", pk=topic.pk)


@require_POST
@login_required
@service_errors
def transformation_action(request, pk, action):
    item = selectors.transformation_get(request.user, pk)
    if action not in services.TRANSFORMATION_TRANSITIONS:
        raise Http404()
    try:
        services.transformation_transition(actor=request.user, item=item, action=action,
                                           expected_version=posted_version(request))
        messages.success(request, "成果转化事项已更新")
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("research:topic_detail", pk=item.topic_id)

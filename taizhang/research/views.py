"""Research pages: topics (incl. 揭榜领题), visits with the clustering warning, reports, transformations."""

from functools import partial

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaign_for_request
from taizhang.core.uploads import stored_file
from taizhang.dossier import services as dossier_services
from taizhang.dossier.views import take_back_link
from taizhang.ledger import selectors as ledger_selectors
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_action, has_any_role
from taizhang.orgs.selectors import unit_from_code, with_account
from taizhang.research import selectors, services
from taizhang.research.filters import TopicFilter, TransformationFilter, VisitFilter
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
from taizhang.web.shapes import (
    action_dispatch,
    action_on,
    campaign_list_page,
    create_page,
    detail_url,
    edit_page,
    form_page,
    post_action,
)
from taizhang.web.views import page, posted_version, require_roles
from taizhang.workflow import available


@page(P.VIEW)
def topic_list(request):
    return campaign_list_page(request, TopicFilter, selectors.topic_list, template="research/topic_list.html",
                              context={"can_create": has_any_role(request.user, P.OFFICE, P.CLERK),
                                       "nav_current": "research:topic_list"})


@require_roles(P.LEADER)
def topic_open_list(request):
    campaign = campaign_for_request(request)
    topics = selectors.open_topics_board(request.user, campaign)
    return render(request, "research/topic_open.html", {"campaign": campaign, "topics": topics,
                                                        "nav_current": "research:topic_open"})


_topic_page = detail_url("research:topic_detail")


@require_roles(P.OFFICE, P.CLERK)
def topic_create(request):
    return create_page(request, TopicForm, create=services.topic_create, prepare=with_account,
                       success="调研课题已登记", to=_topic_page, template="research/form.html",
                       context={"title": "登记调研课题", "back": "research:topic_list"})


@page()
def topic_detail(request, pk):
    topic = selectors.topic_get(request.user, pk)
    user = request.user
    can_change = has_action(user, P.CHANGE, topic.unit)
    can_lead = has_action(user, P.LEAD, topic.unit)
    return render(request, "research/topic_detail.html", {
        "topic": topic, "visits": selectors.topic_visits(topic), "problems": selectors.topic_problems(user, topic),
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


@page()
def topic_edit(request, pk):
    return edit_page(request, pk, get=selectors.topic_get, form_class=TopicEditForm, update=services.topic_update,
                     record_kwarg="topic", prepare=with_account, success="调研课题已保存", to=_topic_page,
                     template="research/form.html",
                     initial=lambda t: {"leader_username": t.lead_leader.username if t.lead_leader_id else ""},
                     context=lambda t: {"title": f"修改课题：{t.title}", "back_obj": t})


@action_on(selectors.topic_get)
def topic_take(request, topic):
    if not has_action(request.user, P.LEAD, topic.unit):
        raise Http404()
    return post_action(request, lambda d: services.topic_take(
        actor=request.user, topic=topic, expected_version=posted_version(request)),
        success="已揭榜领题", to=_topic_page(topic))


def _topic_transition(request, topic, *, action: str):
    return post_action(request, lambda d: services.topic_transition(
        actor=request.user, topic=topic, action=action, expected_version=posted_version(request),
        reason=d.get("reason", "")), success=f"已{services.TOPIC_TRANSITIONS[action].label}", to=_topic_page(topic))


topic_action = action_dispatch({action: partial(_topic_transition, action=action)
                                for action in services.TOPIC_TRANSITIONS}, get=selectors.topic_get)


@action_on(selectors.topic_get)
def topic_report(request, topic):
    return post_action(request, lambda d: services.topic_report(
        actor=request.user, topic=topic, expected_version=posted_version(request), abstract=d["abstract"],
        upload=d["report_file"]), form=ReportForm(request.POST, request.FILES), success="调研报告已保存",
        to=_topic_page(topic))


@action_on(selectors.topic_get)
def topic_grade(request, topic):
    if not has_action(request.user, P.REVIEW, topic.unit):
        raise Http404()
    return post_action(request, lambda d: services.topic_grade(
        actor=request.user, topic=topic, expected_version=posted_version(request), grade=d["exchange_grade"],
        score=d["exchange_score"]), form=GradeForm(request.POST), success="成果评定已保存", to=_topic_page(topic))


def _with_site(data: dict) -> dict:
    """The form's 调研单位 code as the unit it names (none when left empty)."""
    data = dict(data)
    data["site_unit"] = selectors.site_unit(data.pop("site_unit_code"))
    return data


@page()
def visit_create(request, pk):
    """Plan or record a visit. If other leaders visit the same site within the window, the form comes
    back with those visits listed and saves only once the planner ticks the confirmation."""
    topic = selectors.topic_get(request.user, pk)
    if not any(has_action(request.user, a, topic.unit) for a in (P.CREATE, P.LEAD)):
        raise Http404()
    context = {"topic": topic, "clashes": [], "title": f"登记调研走访：{topic.title}"}

    def save(data):
        try:
            return services.visit_create(actor=request.user, topic=topic, **_with_site(data))
        except services.VisitClusterWarning as exc:
            context["clashes"] = exc.visits
            raise

    return form_page(request, VisitForm(request.POST or None, campaign=topic.campaign), save=save,
                     success="调研走访已保存", to=_topic_page(topic), template="research/visit_form.html",
                     context=context)


@page()
def visit_edit(request, pk):
    visit = selectors.visit_get(request.user, pk)
    if not any(has_action(request.user, a, visit.unit) for a in (P.CHANGE, P.LEAD)):
        raise Http404()
    initial = {"site_unit_code": visit.site_unit.code if visit.site_unit_id else "", "method": visit.method}
    form = VisitForm(request.POST or None, instance=visit, initial=initial, campaign=visit.campaign)
    form.fields.pop("confirm_cluster")

    def save(data):
        data = _with_site(data)
        data["end_date"] = data.get("end_date") or data["start_date"]
        return services.visit_update(actor=request.user, visit=selectors.visit_get(request.user, pk),
                                     expected_version=posted_version(request), **data)

    return form_page(request, form, save=save, success="调研走访已保存",
                     to=reverse("research:topic_detail", kwargs={"pk": visit.topic_id}),
                     template="research/visit_form.html",
                     context={"topic": visit.topic, "visit": visit, "title": "修改调研走访"})


@page()
def visit_detail(request, pk):
    """One visit with the problems it found (调研发现), and the forms to record or link more."""
    visit = selectors.visit_get(request.user, pk)
    can_change = has_action(request.user, P.CHANGE, visit.unit)
    return render(request, "research/visit_detail.html", {
        "visit": visit, "problems": selectors.visit_problems(request.user, visit),
        "can_change": can_change, "can_edit": can_change or has_action(request.user, P.LEAD, visit.unit),
        "problem_form": VisitProblemForm(campaign=visit.campaign, initial={"unit_code": visit.unit.code}),
        "link_form": VisitProblemLinkForm(), "nav_current": "research:visit_list"})


_visit_page = detail_url("research:visit_detail")


@action_on(selectors.visit_get)
def visit_problem_create(request, visit):
    """记录调研发现的问题: create the problem in the ledger and link it to the visit, in one transaction."""

    def record(data):
        data = dict(data)
        unit = unit_from_code(request.user, data.pop("unit_code"), P.CREATE)
        return dossier_services.visit_record_problem(actor=request.user, visit=visit, unit=unit, **data)

    return post_action(request, record, form=VisitProblemForm(request.POST, campaign=visit.campaign),
                       success=lambda problem: f"问题 {problem.number} 已录入整改台账并关联本次调研",
                       to=_visit_page(visit))


@action_on(selectors.visit_get)
def visit_problem_link(request, visit):
    """关联已有问题 by its number in the visit's campaign."""

    def link(data):
        problem = ledger_selectors.problem_by_number(request.user, visit.campaign, data["number"].strip())
        dossier_services.visit_link_problems(actor=request.user, visit=visit, problems=[problem])
        return problem

    return post_action(request, link, form=VisitProblemLinkForm(request.POST),
                       success=lambda problem: f"已关联问题 {problem.number}", to=_visit_page(visit))


@require_POST
@page()
def visit_problem_unlink(request, pk, problem_pk):
    """取消关联: a problem linked to the visit by mistake (the problem itself stays in the ledger)."""
    visit = selectors.visit_get(request.user, pk)
    return take_back_link(request, linked=selectors.visit_problems(request.user, visit), problem_pk=problem_pk,
                          unlink=lambda p: dossier_services.visit_unlink_problem(actor=request.user, visit=visit,
                                                                                 problem=p), to=_visit_page(visit))


@page(P.VIEW)
def visit_list(request):
    return campaign_list_page(request, VisitFilter, selectors.visit_list, template="research/visit_list.html",
                              context={"nav_current": "research:visit_list"})


@page(P.VIEW)
def transformation_list(request):
    return campaign_list_page(request, TransformationFilter, selectors.transformation_list,
                              template="research/transformation_list.html",
                              context={"nav_current": "research:transformation_list"})


@require_roles(P.OFFICE)
def visit_cluster_list(request):
    """避免扎堆调研: the office's view of sites visited by several leaders within the window."""
    campaign = campaign_for_request(request)
    clusters = selectors.visit_clusters(request.user, campaign) if campaign else []
    return render(request, "research/visit_clusters.html", {"campaign": campaign, "clusters": clusters,
                                                            "nav_current": "research:visit_clusters"})


@action_on(selectors.topic_get)
def transformation_create(request, topic):
    return post_action(request, lambda d: services.transformation_create(actor=request.user, topic=topic, **d),
                       form=TransformationForm(request.POST), success="成果转化事项已登记", to=_topic_page(topic))


def _transformation_transition(request, item, *, action: str):
    return post_action(request, lambda d: services.transformation_transition(
        actor=request.user, item=item, action=action, expected_version=posted_version(request)),
        success="成果转化事项已更新", to=reverse("research:topic_detail", kwargs={"pk": item.topic_id}))


transformation_action = action_dispatch({action: partial(_transformation_transition, action=action)
                                         for action in services.TRANSFORMATION_TRANSITIONS},
                                        get=selectors.transformation_get)


@page()
def topic_report_file(request, pk):
    """Download the record's file, for those who may see the record (404 for everyone else)."""
    obj = selectors.topic_get(request.user, pk)
    return stored_file(obj.report_file)

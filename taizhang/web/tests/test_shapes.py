"""The shared view shapes (taizhang.web.shapes): what the user reads after an action, where the browser goes,
where a service error lands on a form, and which `<action>` URLs exist."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve, reverse

from taizhang.core.exceptions import NotFound, TaizhangError, ValidationFailed
from taizhang.matters.tests.factories import make_matter
from taizhang.research.models import ResearchTopic, TopicStatus
from taizhang.research.tests.factories import make_topic
from taizhang.web.shapes import action_dispatch, form_errors_text, post_action


class NoteForm(forms.Form):
    title = forms.CharField(label="标题", error_messages={"required": "请填写标题"})
    day = forms.DateField(label="日期", required=False, error_messages={"invalid": "请输入有效日期"})


def _post(data: dict, user=None):
    request = RequestFactory().post("/somewhere/", data)
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.user = user
    return request


def said(request_or_response) -> list[tuple[str, str]]:
    """(level, text) of each message the page will show."""
    request = getattr(request_or_response, "wsgi_request", request_or_response)
    return [(m.level_tag, m.message) for m in get_messages(request)]


# --- post_action -----------------------------------------------------------------------------------

def test_post_action_calls_the_service_says_so_and_goes_back():
    request, calls = _post({"title": "月度例会"}), []
    response = post_action(request, lambda d: calls.append(d["title"]) or "例会", form=NoteForm(request.POST),
                           success=lambda name: f"已保存「{name}」", to="/back/")
    assert calls == ["月度例会"]
    assert (response.status_code, response["Location"]) == (302, "/back/")
    assert said(request) == [("success", "已保存「例会」")]


def test_post_action_shows_the_services_own_words_on_refusal():
    request = _post({})

    def refuse(data):
        raise TaizhangError("当前状态不能办结")

    response = post_action(request, refuse, success="已办结", to="/back/")
    assert response["Location"] == "/back/" and said(request) == [("error", "当前状态不能办结")]


def test_post_action_names_every_invalid_field_in_one_message_and_calls_nothing():
    request, calls = _post({"day": "年底前"}), []
    post_action(request, calls.append, form=NoteForm(request.POST), success="已保存", to="/back/")
    assert calls == []
    assert said(request) == [("error", "请填写标题；请输入有效日期。")]  # errors that name their field need no label


def test_post_action_can_follow_a_record_whose_address_the_action_changed():
    request = _post({})
    assert post_action(request, lambda d: "new-code", success="", to=lambda code: f"/u/{code or 'old'}/")[
        "Location"] == "/u/new-code/"
    assert said(request) == []  # an empty success text says nothing

    def refuse(data):
        raise ValidationFailed("编码已被使用", field="code")

    assert post_action(request, refuse, success="", to=lambda code: f"/u/{code or 'old'}/")["Location"] == "/u/old/"


def test_a_problem_number_the_user_typed_wrong_is_a_message_not_a_404():
    """NotFound from inside the call is about typed input; only the URL's own object answers 404."""
    request = _post({})

    def look_up(data):
        raise NotFound("问题「K1-999」不存在或不在您的权限范围内")

    assert post_action(request, look_up, success="", to="/back/").status_code == 302
    assert said(request) == [("error", "问题「K1-999」不存在或不在您的权限范围内")]


def test_form_errors_text_names_errors_of_the_whole_form_without_a_label():
    form = NoteForm({"title": "x"})
    form.is_valid()
    form.add_error(None, "开始日期不能晚于结束日期")
    assert form_errors_text(form) == "开始日期不能晚于结束日期。"


def test_form_errors_read_as_one_sentence():
    from django import forms

    class ProgressLike(forms.Form):
        text = forms.CharField(label="进展情况", error_messages={"required": "请填写进展情况"})
        percent = forms.IntegerField(label="完成比例（%）", max_value=100)
        day = forms.DateField(label="日期")

    form = ProgressLike({"text": "", "percent": "120", "day": "去年"})
    form.is_valid()
    text = form_errors_text(form)
    assert text.startswith("请填写进展情况；完成比例：") and text.count("。") == 1 and text.endswith("。")
    assert "进展情况：请填写进展情况" not in text and "。；" not in text and "完成比例（%）" not in text


# --- post_action in the apps -------------------------------------------------------------------------

def test_an_action_view_says_how_it_went_and_returns_to_the_record(world, login):
    topic = make_topic(world)
    client = login("county_office")
    response = client.post(reverse("research:topic_action", args=[topic.pk, "assign"]),
                           {"version": topic.version})
    assert response["Location"] == reverse("research:topic_detail", args=[topic.pk])
    topic.refresh_from_db()
    assert topic.status == TopicStatus.TAKEN and said(response) == [("success", "已确定领题人")]


def test_an_action_view_shows_a_stale_version_as_the_services_message(world, login):
    topic = make_topic(world)
    response = login("county_office").post(reverse("research:topic_action", args=[topic.pk, "assign"]),
                                           {"version": topic.version - 1})
    assert response.status_code == 302
    assert ResearchTopic.objects.get(pk=topic.pk).status == TopicStatus.PROPOSED
    [(level, text)] = said(response)
    assert level == "error" and "已被" in text


def test_an_action_on_a_record_outside_the_scope_is_a_404(world, login):
    topic = make_topic(world)
    response = login("outsider").post(reverse("research:topic_action", args=[topic.pk, "assign"]))
    assert response.status_code == 404
    assert ResearchTopic.objects.get(pk=topic.pk).status == TopicStatus.PROPOSED


# --- action_dispatch ---------------------------------------------------------------------------------

ACTION_ROUTES = [
    ("orgs:unit_action", {"code": "V2"}, {"child", "edit", "move", "deactivate", "activate"}),
    ("research:topic_action", {"pk": 1}, {"assign", "start", "report", "transform", "complete"}),
    ("research:transformation_action", {"pk": 1}, {"finish"}),
    ("matters:matter_action", {"pk": 1}, {"finish"}),
    ("supervision:slip_action", {"pk": 1}, {"sign", "reply", "close", "send-back"}),
]


@pytest.mark.parametrize(("name", "kwargs", "some"), ACTION_ROUTES, ids=[r[0] for r in ACTION_ROUTES])
def test_action_views_declare_their_actions_as_data(name, kwargs, some):
    view = resolve(reverse(name, kwargs={**kwargs, "action": "x"})).func
    assert some <= set(view.actions) and all(callable(h) for h in view.actions.values())


def test_an_undeclared_action_is_a_404_and_changes_nothing(world, login):
    topic, matter = make_topic(world), make_matter(world)
    client = login("county_office")
    for url in (reverse("research:topic_action", args=[topic.pk, "delete"]),
                reverse("matters:matter_action", args=[matter.pk, "delete"]),
                reverse("orgs:unit_action", args=["V2", "delete"])):
        assert client.post(url).status_code == 404, url
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED


def test_action_dispatch_hands_the_url_to_the_declared_handler():
    seen = []
    view = action_dispatch({"sign": lambda request, pk: seen.append(pk) or "signed"})
    assert set(view.actions) == {"sign"}
    request = _post({}, user=type("U", (), {"is_authenticated": True})())
    assert view(request, action="sign", pk=7) == "signed" and seen == [7]
    with pytest.raises(Http404):
        view(request, action="burn", pk=7)
    request.method = "GET"
    assert view(request, action="sign", pk=7).status_code == 405


# --- form_page -------------------------------------------------------------------------------------

def test_a_form_page_puts_the_services_refusal_under_its_field_and_keeps_the_input(world, login):
    response = login("county_office").post(reverse("research:topic_create"), {
        "unit_code": "K1", "title": "基层减负调研", "direction": "作风建设", "leader_username": "nobody"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["leader_username"] == ["账号「nobody」不存在或已停用"]
    assert form["title"].value() == "基层减负调研" and not ResearchTopic.objects.exists()


def test_a_form_page_saves_says_so_and_goes_to_the_new_record(world, login):
    response = login("county_office").post(reverse("research:topic_create"), {
        "unit_code": "K1", "title": "基层减负调研", "direction": "作风建设"})
    topic = ResearchTopic.objects.get()
    assert response["Location"] == reverse("research:topic_detail", args=[topic.pk])
    assert said(response) == [("success", "调研课题已登记")]


def test_a_form_page_shows_a_units_refusal_under_the_unit(world, login):
    response = login("county_office").post(reverse("research:topic_create"), {
        "unit_code": "K2", "title": "越权登记", "direction": "作风建设"})
    assert "不在您的权限范围内" in response.context["form"].errors["unit_code"][0]
    assert not ResearchTopic.objects.exists()


# --- page_of: counts stop at the cap ----------------------------------------------------------------

def test_a_list_is_counted_only_up_to_the_cap_and_says_more(world):
    from taizhang.orgs.models import Unit
    from taizhang.web.shapes import CappedPaginator

    units = Unit.objects.order_by("path")
    assert units.count() >= 5
    capped = CappedPaginator(units, 2, cap=3)
    assert (capped.count, capped.capped, capped.count_label, capped.num_pages, capped.pages_label) == (
        3, True, "3+", 2, "2+")
    assert [u.pk for u in capped.page(2)] == [u.pk for u in units[2:3]]
    exact = CappedPaginator(units, 2)
    assert (exact.count, exact.capped, exact.count_label) == (units.count(), False, str(units.count()))


def test_a_list_page_above_the_cap_says_how_many_with_a_plus(world, login, monkeypatch):
    from taizhang.ledger import services
    from taizhang.ledger.tests.factories import problem
    from taizhang.web.shapes import CappedPaginator

    for i in range(3):
        services.measure_add(actor=world.county_office, problem=problem(world, "T1", title=f"台账问题{i}"),
                             text=f"第{i}条措施")
    page = login("county_office").get("/ledger/measures/?metric=measures.total").content.decode()
    assert "共 3 条" in page
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    page = login("county_office").get("/ledger/measures/?metric=measures.total").content.decode()
    assert "共 2+ 条" in page
    assert sum(f"第{i}条措施" in page for i in range(3)) == 2  # the pages reach as far as the cap

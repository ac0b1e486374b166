"""A round's audience decides who may use its form: 群众 — anyone with the link; 干部职工 — a signed-in account of the
round unit's subtree, which may stay anonymous towards the office; 指定单位 — no form at all, only 征求意见函."""

from __future__ import annotations

import pytest
from django.urls import reverse

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import ValidationFailed
from taizhang.opinions import services
from taizhang.opinions.models import Opinion
from taizhang.opinions.tests.factories import make_round
from taizhang.opinions.tests.test_opinions import _submit


def _form_url(rnd):
    return reverse("opinions:public_form", args=[rnd.token])


def test_a_public_round_takes_anyone_with_the_link(client, world):
    rnd = make_round(world, audience="public")
    page = client.get(_form_url(rnd)).content.decode()
    assert "验证题" in page and "任何人凭链接或二维码即可提交" in page
    _submit(client, rnd, content="路灯不亮")
    assert Opinion.objects.get().content == "路灯不亮"


def test_a_cadre_round_asks_a_visitor_to_sign_in_and_takes_nothing(client, world):
    rnd = make_round(world, audience="cadres")
    response = client.get(_form_url(rnd))
    body = response.content.decode()
    assert response.status_code == 200 and "Traceback" not in body
    assert "本次征求意见面向东县县委及下级单位的干部职工，请先登录台账系统后填写" in body
    assert f'href="/login/?next=%2Fo%2F{rnd.token}%2F"' in body and 'name="content"' not in body
    client.post(_form_url(rnd), {"content": "想绕过登录", "anonymous": "on"})
    assert not Opinion.objects.exists()


def test_a_cadre_of_the_subtree_submits_without_challenge_and_may_stay_anonymous(world, login):
    rnd = make_round(world, audience="cadres")
    client = login("village_clerk")  # 东村 V1, under 东县 K1
    page = client.get(_form_url(rnd)).content.decode()
    assert "验证题" not in page and "您已登录为 village_clerk姓名" in page and "对办公室匿名" in page
    body = client.post(_form_url(rnd), {"content": "会议太多，基层迎检负担重", "anonymous": "on"}).content.decode()
    assert "data-code>" in body
    hidden = Opinion.objects.get(content="会议太多，基层迎检负担重")
    assert hidden.name == "" and hidden.created_by is None
    event = AuditEvent.objects.get(action="opinion.submit", object_id=str(hidden.pk))
    assert event.actor_name == "干部职工（匿名）" and event.actor_id is None
    client.post(_form_url(rnd), {"content": "希望多组织业务培训"})
    signed = Opinion.objects.get(content="希望多组织业务培训")
    assert signed.name == "village_clerk姓名" and signed.created_by == world.village_clerk


def test_a_cadre_round_refuses_accounts_from_elsewhere(world, login):
    rnd = make_round(world, audience="cadres")
    client = login("outsider")  # 中县 K2
    body = client.get(_form_url(rnd)).content.decode()
    assert "您的账号不在征求范围内" in body and 'name="content"' not in body
    client.post(_form_url(rnd), {"content": "外县的意见"})
    assert not Opinion.objects.exists()
    with pytest.raises(ValidationFailed, match="不在征求范围内"):
        services.opinion_submit(rnd=rnd, content="外县的意见", user=world.user("outsider"))


def test_a_round_for_named_units_has_no_form_link_or_poster(client, world, login):
    rnd = make_round(world, audience="units")
    response = client.get(_form_url(rnd))
    body = response.content.decode()
    assert response.status_code == 200
    assert "以征求意见函的形式向指定单位征求，不开放网上提交" in body and 'name="content"' not in body
    client.post(_form_url(rnd), {"content": "想从网上提"})
    assert not Opinion.objects.exists()
    with pytest.raises(ValidationFailed, match="不开放网上提交"):
        services.opinion_submit(rnd=rnd, content="想从网上提")
    office = login("county_office")
    detail = office.get(reverse("opinions:round_detail", args=[rnd.pk])).content.decode()
    assert "data-no-form" in detail and rnd.token not in detail and "打印二维码海报" not in detail
    assert office.get(reverse("opinions:round_poster", args=[rnd.pk])).status_code == 404
    # The letters are the way: a unit answers inside taizhang.
    letter = services.letters_send(actor=world.county_office, rnd=rnd, recipients=[world.unit("V1")],
                                   deadline=rnd.ends_on)[0]
    services.letter_answer(actor=world.village_clerk, letter=letter, opinions="村务公开不及时")
    assert Opinion.objects.get().channel == "letter"


def test_the_poster_and_the_round_page_say_who_may_answer(world, login):
    office = login("county_office")
    cadres = make_round(world, audience="cadres")
    poster = office.get(reverse("opinions:round_poster", args=[cadres.pk])).content.decode()
    assert "面向东县县委及下级单位干部职工：扫码后用台账系统账号登录填写" in poster and "无需注册" not in poster
    detail = office.get(reverse("opinions:round_detail", args=[cadres.pk])).content.decode()
    assert "填写链接（需登录）" in detail and "可选择对办公室匿名" in detail
    public = make_round(world, audience="public")
    assert "可匿名，无需注册" in office.get(reverse("opinions:round_poster", args=[public.pk])).content.decode()

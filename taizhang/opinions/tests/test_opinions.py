"""征求意见 end to end: the public door's guards, triage through services with audit, the status page showing only
approved text, ratings, and every catalogue key equal to a direct count."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taizhang.audit.models import AuditEvent
from taizhang.core.exceptions import ValidationFailed
from taizhang.ledger.lifecycle import problem_transition
from taizhang.ledger.models import Problem
from taizhang.ledger.services import progress_add
from taizhang.ledger.tests.factories import pdf
from taizhang.opinions import door, services
from taizhang.opinions.models import Opinion, OpinionLetter, OpinionMeeting, OpinionRating
from taizhang.opinions.selectors import similarity
from taizhang.opinions.tests.factories import make_opinion, make_round
from taizhang.stats import rollup


def _solve(question: str) -> str:
    nums = {c: i for i, c in enumerate(door.DIGITS)}

    def value(word):
        if word == "十":
            return 10
        if "十" in word:
            tens, _, ones = word.partition("十")
            return (nums[tens] if tens else 1) * 10 + (nums[ones] if ones else 0)
        return nums[word]
    a, op, b = question.split()[:3]
    return str(value(a) + value(b) if op == "加" else value(a) - value(b.rstrip("等于多少？")))


def _form(client, rnd):
    page = client.get(reverse("opinions:public_form", args=[rnd.token])).content.decode()
    token = re.search(r'name="challenge" value="([^"]+)"', page).group(1)
    question = re.search(r"验证题：([^<]+)</label>", page).group(1).strip()
    return token, question


def _submit(client, rnd, content="路灯坏了很久没人修", **extra):
    token, question = _form(client, rnd)
    a, op, b = question.replace("等于多少？", "").split()
    data = {"content": content, "anonymous": "on", "challenge": token, "answer": _solve(f"{a} {op} {b}"), **extra}
    return client.post(reverse("opinions:public_form", args=[rnd.token]), data)


def test_a_resident_submits_anonymously_and_gets_a_code(client, world):
    rnd = make_round(world)
    response = _submit(client, rnd, content="<script>alert(1)</script>路灯坏了", name="张三", phone="13800000000")
    body = response.content.decode()
    code = re.search(r"data-code>([A-Z0-9 ]+)<", body).group(1).replace(" ", "")
    opinion = Opinion.objects.get(receipt_code=code)
    assert opinion.channel == "online" and opinion.name == "" and opinion.phone == ""
    assert AuditEvent.objects.filter(action="opinion.submit", object_id=str(opinion.pk), actor_name="公众").exists()


def test_the_challenge_is_required_and_single_use(client, world):
    rnd = make_round(world)
    token, _ = _form(client, rnd)
    response = client.post(reverse("opinions:public_form", args=[rnd.token]),
                           {"content": "意见", "challenge": token, "answer": "999"})
    assert "验证题答案不正确" in response.content.decode() and not Opinion.objects.exists()
    ch = door.challenge_new()
    answer = _solve(ch.question.replace("等于多少？", ""))
    door.challenge_check(ch.token, answer)
    with pytest.raises(ValidationFailed):
        door.challenge_check(ch.token, answer)  # replayed
    with pytest.raises(ValidationFailed):
        door.challenge_check(ch.token + "x", answer)  # tampered


def test_submissions_are_limited_per_address(client, world, settings):
    settings.OPINIONS_PER_ADDRESS_HOURLY = 2
    rnd = make_round(world)
    for _ in range(2):
        _submit(client, rnd)
    body = _submit(client, rnd).content.decode()
    assert "提交过于频繁" in body and Opinion.objects.count() == 2


def test_submissions_are_limited_per_round(world, settings):
    settings.OPINIONS_PER_ROUND_HOURLY = 1
    rnd = make_round(world)
    door.limit_submission("10.0.0.1", rnd.pk)
    with pytest.raises(ValidationFailed, match="频繁"):
        door.limit_submission("10.0.0.2", rnd.pk)


def test_size_and_image_limits(client, world):
    rnd = make_round(world)
    body = _submit(client, rnd, content="长" * 2001).content.decode()
    assert "2000" in body and 'class="invalid-feedback"' in body and not Opinion.objects.exists()
    fake = SimpleUploadedFile("a.png", b"<html>not an image</html>", content_type="image/png")
    body = _submit(client, rnd, image=fake).content.decode()
    assert "内容与扩展名" in body and not Opinion.objects.exists()


def test_unknown_token_and_unknown_code_answer_alike(client, world):
    response = client.get(reverse("opinions:public_form", args=["nope"]))
    assert response.status_code == 404 and "Traceback" not in response.content.decode()
    for code in ("ZZZZZZZZZZZZ", "abc"):
        body = client.post(reverse("opinions:public_status"), {"code": code}).content.decode()
        assert "未找到该查询码对应的意见建议" in body


def test_merge_into_one_problem_then_reply_and_rate(client, world, login):
    office = world.county_office
    rnd = make_round(world)
    a = make_opinion(world, "办事窗口中午不开放，群众要跑两趟", rnd)
    b = make_opinion(world, "窗口中午不开放，上班族办事要跑两趟", rnd)
    c = make_opinion(world, "中午窗口不开放，办事不方便", rnd)
    assert similarity(a.content, b.content) > 0.4
    problem = services.opinions_to_problem(actor=office, opinions=[a, b, c], unit=world.unit("K1"),
                                           title="政务窗口午间不办公", responsible_name="张三",
                                           deadline=Problem._meta.get_field("deadline").to_python("2026-12-31"))
    assert problem.source == "opinions" and problem.campaign.code_label("problem_source", "opinions") == "征求意见"
    assert set(Opinion.objects.filter(problem=problem).values_list("pk", flat=True)) == {a.pk, b.pk, c.pk}
    assert AuditEvent.objects.filter(action="opinion.to_problem").count() == 3
    assert AuditEvent.objects.filter(action="opinion.merge").count() == 2
    # the problem page lists the opinions (content, never who gave them)
    page = login("county_office").get(reverse("ledger:detail", args=[problem.pk])).content.decode()
    assert "来自征求意见" in page and "上班族办事要跑两趟" in page
    # close the problem through the ledger
    problem_transition(actor=office, problem=problem, action="accept")
    progress_add(actor=world.county_clerk, problem=problem, text="调整作息", percent=100, files=[pdf()])
    problem_transition(actor=world.county_clerk, problem=Problem.objects.get(pk=problem.pk), action="request_closure",
                       evidence_summary="政务大厅实行午间轮岗，12:00-14:00 正常办理", files=[pdf()])
    problem_transition(actor=office, problem=Problem.objects.get(pk=problem.pk), action="approve")
    b.refresh_from_db()
    # before the office approves a reply the public sees no text of the closure
    body = client.post(reverse("opinions:public_status"), {"code": b.receipt_code}).content.decode()
    assert "午间轮岗" not in body and "提交评价" not in body
    draft = services.closure_draft(Opinion.objects.get(pk=a.pk))
    assert "午间轮岗" in draft
    services.opinion_reply(actor=office, opinion=a, text=draft)
    body = client.post(reverse("opinions:public_status"), {"code": b.receipt_code.lower()}).content.decode()
    assert "已整改完成" in body and "午间轮岗" in body and "张三" not in body and "提交评价" in body
    client.post(reverse("opinions:public_rate"), {"code": b.receipt_code, "value": "satisfied"})
    assert OpinionRating.objects.get(opinion=b).value == "satisfied"
    assert "只能" not in client.post(reverse("opinions:public_rate"), {"code": b.receipt_code,
                                                                         "value": "satisfied"}).content.decode()
    assert OpinionRating.objects.filter(opinion=b).count() == 1  # rated once


def test_submitted_text_is_escaped_on_office_pages(client, world, login):
    op = make_opinion(world, '<img src=x onerror="alert(1)">路灯')
    page = login("county_office").get(reverse("opinions:opinion_detail", args=[op.pk])).content.decode()
    assert '<img src=x onerror' not in page and "&lt;img src=x" in page


def test_unsatisfied_goes_to_review_and_reopens(world, login):
    from taizhang.ledger.tests.factories import closed

    problem = closed(world)
    services.lookback_ratings_record(actor=world.county_office, problem=problem, satisfied=2, unsatisfied=1)
    rating = OpinionRating.objects.get(problem=problem, value="unsatisfied")
    queue = login("county_office").get(reverse("opinions:queue")).content.decode()
    assert "建议重新整改" in queue
    services.rating_review(actor=world.county_office, rating=rating, note="群众反映仍有问题", reopen=True)
    assert Problem.objects.get(pk=problem.pk).status == "in_progress"
    assert AuditEvent.objects.filter(action="opinionrating.review").exists()


def test_nothing_is_deleted_and_closed_opinions_keep_their_reason(world):
    op = make_opinion(world)
    services.opinion_close(actor=world.county_office, opinion=op, reason="不属于本单位职责，已转交主管部门")
    op.refresh_from_db()
    assert op.status == "closed" and op.reply.startswith("不属于") and Opinion.objects.count() == 1


def test_every_catalogue_key_equals_a_direct_count(world):
    office = world.county_office
    rnd = make_round(world)
    a = make_opinion(world, rnd=rnd)
    make_opinion(world, "另一条意见", rnd)
    services.opinion_record(actor=office, rnd=rnd, content="意见箱的意见")
    services.meeting_record(actor=office, rnd=rnd, kind="forum", held_on=rnd.starts_on, attendance=15,
                            opinions="座谈意见一\n座谈意见二")
    services.meeting_record(actor=office, rnd=rnd, kind="talk", held_on=rnd.starts_on, sessions=6, attendance=6,
                            opinions="谈话意见")
    letter = services.letters_send(actor=office, rnd=rnd, recipients=[world.unit("V1"), world.unit("V2")],
                                   deadline=rnd.ends_on)[0]
    services.letter_answer(actor=world.village_clerk, letter=letter, opinions="函复意见")
    services.opinions_to_problem(actor=office, opinions=[a], unit=world.unit("K1"), title="问题")
    services.opinion_close(actor=office, opinion=Opinion.objects.get(content="另一条意见"), reason="已答复")
    services.rating_submit(opinion=Opinion.objects.get(content="另一条意见"), value="basic")
    figures = rollup.stats_for(world.unit("K1"), world.campaign())
    ops = Opinion.objects.filter(campaign=world.campaign())
    meetings = OpinionMeeting.objects.all()
    expected = {
        "opinions.collected": ops.count(),
        "opinions.collected.online": ops.filter(channel="online").count(),
        "opinions.collected.letter": ops.filter(channel="letter").count(),
        "opinions.collected.forum": ops.filter(channel="forum").count(),
        "opinions.collected.talk": ops.filter(channel="talk").count(),
        "opinions.collected.box": ops.filter(channel="box").count(),
        "opinions.forums": sum(m.sessions for m in meetings if m.kind == "forum"),
        "opinions.forum_attendance": sum(m.attendance for m in meetings if m.kind == "forum"),
        "opinions.talks": sum(m.sessions for m in meetings if m.kind == "talk"),
        "opinions.talk_people": sum(m.attendance for m in meetings if m.kind == "talk"),
        "opinions.letters_sent": OpinionLetter.objects.count(),
        "opinions.letters_answered": OpinionLetter.objects.exclude(answered_at=None).count(),
        "opinions.to_problems": ops.exclude(problem=None).count(),
        "opinions.to_matters": ops.exclude(matter=None).count(),
        "opinions.replied": ops.exclude(replied_at=None).count(),
        "opinions.ratings": OpinionRating.objects.count(),
        "opinions.ratings_satisfied": OpinionRating.objects.filter(value__in=["satisfied", "basic"]).count(),
        "opinions.ratings_unsatisfied": OpinionRating.objects.filter(value="unsatisfied").count(),
        "opinions.satisfaction_rate": 100.0,
    }
    assert {k: figures[k] for k in expected} == expected
    assert expected["opinions.collected"] == 7 and expected["opinions.talks"] == 6 and expected["opinions.to_problems"] == 1


def test_public_host_serves_only_the_public_door(client, world, settings):
    settings.OPINIONS_PUBLIC_HOSTS = ["yijian.example.cn"]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "yijian.example.cn"]
    rnd = make_round(world)
    assert client.get("/login/", HTTP_HOST="yijian.example.cn").status_code == 404
    assert client.get(reverse("opinions:public_form", args=[rnd.token]), HTTP_HOST="yijian.example.cn").status_code == 200
    assert client.get("/login/").status_code == 200


def test_a_checked_picture_is_kept(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rnd = make_round(world)
    png = SimpleUploadedFile("路灯.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    _submit(client, rnd, image=png)
    opinion = Opinion.objects.get()
    assert opinion.image_type == "image/png" and len(opinion.image_sha256) == 64


def test_a_rating_waits_for_the_reply(client, world):
    op = make_opinion(world)
    body = client.post(reverse("opinions:public_rate"), {"code": op.receipt_code, "value": "satisfied"}).content.decode()
    assert "收到答复后可以评价一次" in body and not OpinionRating.objects.exists()


def test_a_letter_reaches_the_units_inbox_and_its_answer_becomes_opinions(world, login):
    from taizhang.notifications.models import Notification

    rnd = make_round(world)
    letter = services.letters_send(actor=world.county_office, rnd=rnd, recipients=[world.unit("V1")],
                                   deadline=rnd.ends_on)[0]
    note = Notification.objects.get(recipient=world.village_clerk, title__contains="征求意见函")
    assert note.link == reverse("opinions:letter_detail", args=[letter.pk])
    login("village_clerk").post(reverse("opinions:letter_answer", args=[letter.pk]),
                                {"opinions": "村务公开不及时\n\n希望多开展技能培训"})
    assert list(Opinion.objects.filter(letter=letter).values_list("content", flat=True).order_by("id")) == [
        "村务公开不及时", "希望多开展技能培训"]
    with pytest.raises(Exception, match="已经反馈过"):
        services.letter_answer(actor=world.village_clerk, letter=letter, opinions="再来一条")


def test_the_demo_step_gives_nonzero_figures(world):
    from taizhang.demo.steps import ledger as ledger_demo
    from taizhang.demo.steps import opinions as opinions_demo
    from taizhang.demo.tests.test_demo_steps import _ctx

    ctx = _ctx(world)
    ledger_demo.generate(ctx)
    opinions_demo.generate(ctx)
    figures = rollup.stats_for(world.unit("K1"), world.campaign())
    for key in ("opinions.collected", "opinions.to_problems", "opinions.satisfaction_rate", "opinions.letters_answered",
                "opinions.forums", "opinions.talk_people", "opinions.replied"):
        assert figures[key], key

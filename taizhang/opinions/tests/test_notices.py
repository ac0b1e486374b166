"""The office hears about opinions: new ones in one daily notice per round (however many arrived), a 不满意 at once,
with a link to the review queue entry that suggests reopening the problem."""

from __future__ import annotations

from django.urls import reverse

from taizhang.notifications.models import Notification, OutboundMessage, RobotChannel
from taizhang.opinions import services
from taizhang.opinions.models import OpinionRound
from taizhang.opinions.tests.factories import make_opinion, make_round, replied


def _notes(kind):
    return list(Notification.objects.filter(kind=kind).order_by("id"))


def _robot(world, unit="K1"):
    """A group robot of the county (created as a row: these tests look at the outbox, nothing is sent)."""
    return RobotChannel.objects.create(unit=world.unit(unit), platform="wecom", name="东县主题教育群",
                                       webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")


def test_two_hundred_opinions_make_one_notice_per_round(world):
    robot = _robot(world)
    rnd = make_round(world)
    for i in range(200):
        services.opinion_record(actor=world.county_office, rnd=rnd, content=f"意见箱第{i + 1}条：路灯不亮")
    letter = services.letters_send(actor=world.county_office, rnd=rnd, recipients=[world.unit("V1")],
                                   deadline=rnd.ends_on)[0]
    services.letter_answer(actor=world.village_clerk, letter=letter, opinions="村务公开不及时\n希望多开展技能培训")
    services.meeting_record(actor=world.county_office, rnd=rnd, kind="forum", held_on=rnd.starts_on, attendance=12,
                            opinions="会议文件太多")
    make_opinion(world, "窗口中午不办公", rnd)
    # The letter went to V1's inbox; nothing has told the office about opinions yet.
    assert _notes("opinion_digest") == []

    digest = services.opinions_digest()

    assert [row["opinions"] for row in digest] == [204]
    notes = _notes("opinion_digest")
    assert [n.recipient.username for n in notes] == ["county_office"]
    note = notes[0]
    assert note.title == f"新收到意见建议 204 条：{rnd.title}"
    assert "网上征求 1 条、征求意见函 2 条、座谈会 1 条、意见箱 200 条" in note.body
    assert "目前待处理 204 条" in note.body
    assert note.link.startswith(reverse("opinions:queue") + "?") and "status=pending" in note.link
    assert OutboundMessage.objects.filter(robot=robot, title=note.title).count() == 1


def test_the_digest_tells_only_what_arrived_since_the_last_one(world):
    rnd = make_round(world)
    make_opinion(world, "第一条", rnd)
    assert len(services.opinions_digest()) == 1
    assert services.opinions_digest() == []  # nothing new: no notice
    make_opinion(world, "第二条", rnd)
    make_opinion(world, "第三条", rnd)
    services.opinions_digest()
    notes = _notes("opinion_digest")
    assert [n.title for n in notes] == [f"新收到意见建议 1 条：{rnd.title}", f"新收到意见建议 2 条：{rnd.title}"]
    assert "以来新收到意见建议 2 条" in notes[1].body
    assert OpinionRound.objects.get(pk=rnd.pk).digested_at is not None


def test_each_round_tells_its_own_units_office(world):
    county = make_round(world)
    township = make_round(world, unit="T1", title="东镇征求意见")
    make_opinion(world, "县里的意见", county)
    make_opinion(world, "镇里的意见", township)
    services.opinions_digest()
    assert {(n.recipient.username, n.object_id) for n in _notes("opinion_digest")} == {
        ("county_office", str(county.pk)), ("township_office", str(township.pk))}


def test_the_daily_task_runs_the_digest(world):
    from taizhang.opinions.tasks import opinions_digest_daily

    make_opinion(world)
    assert opinions_digest_daily.call_local() == 1
    assert len(_notes("opinion_digest")) == 1


def test_an_unsatisfied_rating_is_told_at_once_with_the_review_entry(world, client, login):
    robot = _robot(world)
    op = replied(world)
    client.post(reverse("opinions:public_rate"), {"code": op.receipt_code, "value": "unsatisfied",
                                                  "comment": "窗口中午还是没人"})
    (note,) = _notes("opinion_unsatisfied")
    rating = op.ratings.get()
    assert note.recipient == world.county_office
    assert note.link == reverse("opinions:queue") + f"#rating-{rating.pk}"
    assert "评价为不满意，意见：窗口中午还是没人" in note.body
    assert OutboundMessage.objects.filter(robot=robot, title=note.title).count() == 1
    queue = login("county_office").get(note.link).content.decode()
    assert f'id="rating-{rating.pk}"' in queue and "建议重新整改" in queue


def test_a_satisfied_rating_tells_no_one(world):
    services.rating_submit(opinion=replied(world), value="satisfied")
    assert _notes("opinion_unsatisfied") == []


def test_unsatisfied_people_at_a_lookback_make_one_notice_about_the_problem(world):
    from taizhang.ledger.tests.factories import closed

    problem = closed(world)
    rows = services.lookback_ratings_record(actor=world.county_clerk, problem=problem, satisfied=3, unsatisfied=2)
    (note,) = _notes("opinion_unsatisfied")
    first = next(r for r in rows if r.value == "unsatisfied")
    assert note.title == f"群众评价不满意：{problem.number} {problem.title}"
    assert "回头看走访中有 2 人" in note.body and "必要时重新整改" in note.body
    assert note.link.endswith(f"#rating-{first.pk}")

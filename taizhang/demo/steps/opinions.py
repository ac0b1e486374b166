"""Demo 征求意见: each county office's round with opinions from the form, letters answered by townships, 座谈会 and
个别谈话, opinions merged into problems, replies and ratings (submitters' and at 回头看)."""

from __future__ import annotations

from datetime import timedelta

DEMO_ORDER = 85

PUBLIC = [
    "政务服务大厅中午不办公，上班族办事要请假",
    "政务服务中心午间不开放，上班的人办事只能请假",
    "中午政务大厅不办公，群众办事要跑两趟",
    "村里路灯坏了很久没人修，晚上出行不安全",
    "希望增加老年助餐点，方便独居老人吃饭",
    "农村垃圾清运不及时，夏天气味大",
    "学校门口上下学时段交通拥堵，希望安排人员疏导",
    "办理低保材料要求太多，希望简化",
]
FORUM = ["希望进一步精简会议文件，给基层减负", "督查检查考核过多，迎检材料负担重"]
TALK = ["部分干部下基层调研走马观花", "对群众反映的问题回应不够及时"]
LETTER = ["审批事项办理时限偏长", "部门之间数据不共享，群众重复提交材料", "县直部门到乡镇检查频次偏高，迎检负担重",
          "涉农补贴发放进度公开不够", "乡镇干部培训内容与实际工作结合不紧", "村级报表种类多，同一数据反复填报"]


def _at(day, hour: int = 10):
    from datetime import datetime, time

    from django.utils import timezone

    return datetime.combine(day, time(hour, 0), tzinfo=timezone.get_current_timezone())


def _dated(model, pks, moment) -> None:
    """Give records made today by the services the day they would have happened in a real round."""
    model.objects.filter(pk__in=list(pks)).update(created_at=moment)


def generate(ctx) -> None:
    """Each round runs from 40 days ago to 20 days ahead: opinions arrive over its first weeks (the form every few
    days, the 座谈会 and 个别谈话 on their dates, the letters answered within their deadline), the office triages
    them a few days after each arrives, replies later, and ratings follow the replies."""
    from taizhang.opinions import services
    from taizhang.opinions.models import Opinion, OpinionLetter, OpinionRating

    rng = ctx.rng_for("opinions")
    campaign = ctx.campaign
    today = ctx.today
    start = today - timedelta(days=40)
    made = 0
    for county in ctx.units_by_level.get("county", [])[:3]:
        office = ctx.users_by_unit.get(county.pk, {}).get("office")
        if office is None:
            continue
        rnd = services.round_create(actor=office, campaign=campaign, unit=county, title=f"{county.name}主题教育征求意见",
                                    themes="领导班子和干部作风\n为民服务中的难点堵点\n基层减负", audience="public",
                                    starts_on=start, ends_on=today + timedelta(days=20))
        opinions = []
        for i, text in enumerate(PUBLIC):
            op = services.opinion_submit(rnd=rnd, content=text, anonymous=rng.random() < 0.6,
                                         name="" if i % 2 else "王先生", ip=f"10.1.0.{i}", today=today)
            # The first three (the same complaint) come in the first ten days, the others over the next three weeks.
            day = start + timedelta(days=rng.randint(1, 10) if i < 3 else rng.randint(3, 25))
            _dated(Opinion, [op.pk], _at(day, rng.randint(8, 21)))
            opinions.append(op)
        for kind, held, place, texts in (("forum", 12, "县委会议室（基层干部代表）", FORUM),
                                          ("talk", 16, "班子成员与分管部门负责人", TALK)):
            talks = rng.randint(20, 60)
            meeting = services.meeting_record(
                actor=office, rnd=rnd, kind=kind, held_on=start + timedelta(days=held), place=place,
                sessions=1 if kind == "forum" else talks,
                attendance=rng.randint(12, 30) if kind == "forum" else talks + rng.randint(0, 10),
                opinions="\n".join(texts))
            _dated(Opinion, meeting.opinions.values_list("pk", flat=True), _at(meeting.held_on, 17))
        townships = [t for t in ctx.units_by_level.get("township", []) if t.path.startswith(county.path)][:4]
        letters = services.letters_send(actor=office, rnd=rnd, recipients=townships,
                                        deadline=start + timedelta(days=15)) if townships else []
        _dated(OpinionLetter, [letter.pk for letter in letters], _at(start + timedelta(days=2), 9))
        for letter in letters[:3]:
            clerk = ctx.users_by_unit.get(letter.recipient.pk, {}).get("office") or office
            services.letter_answer(actor=clerk, letter=letter, opinions="\n".join(rng.sample(LETTER, 2)))
            answered = _at(start + timedelta(days=rng.randint(6, 14)), rng.randint(9, 17))
            OpinionLetter.objects.filter(pk=letter.pk).update(answered_at=answered)
            _dated(Opinion, letter.opinions.values_list("pk", flat=True), answered)
        # Three opinions about the same window become one problem; one goes to 为民办实事; two are answered.
        problem = services.opinions_to_problem(actor=office, opinions=opinions[:3], unit=county,
                                               title="政务服务大厅午间不办公，群众办事不便", category="style",
                                               responsible_name="县政务服务中心主任",
                                               deadline=today + timedelta(days=30))
        triaged = _at(start + timedelta(days=13), 15)
        type(problem).objects.filter(pk=problem.pk).update(created_at=triaged)
        services.opinion_reply(actor=office, opinion=opinions[0],
                               text=f"您的意见已列入问题清单（{problem.number}），正在整改：政务服务大厅拟实行午间轮岗。")
        Opinion.objects.filter(problem=problem).update(replied_at=_at(start + timedelta(days=16), 11))
        matter_categories = [c for c, _ in campaign.code_choices("matter_category")]
        services.opinion_to_matter(actor=office, opinion=opinions[4], unit=county, title="增设老年助餐点",
                                   category="elderly" if "elderly" in matter_categories else matter_categories[0])
        for op in (opinions[3], opinions[5]):
            services.opinion_close(actor=office, opinion=op,
                                   reason="已交乡镇办理：已完成维修和清运，并建立定期巡查制度。")
            arrived = Opinion.objects.get(pk=op.pk).created_at
            replied = min(arrived + timedelta(days=rng.randint(5, 10)), _at(today - timedelta(days=3), 10))
            Opinion.objects.filter(pk=op.pk).update(replied_at=replied)
            rating = services.rating_submit(opinion=Opinion.objects.get(pk=op.pk),
                                            value=rng.choice(["satisfied", "satisfied", "basic"]))
            _dated(OpinionRating, [rating.pk], min(replied + timedelta(days=rng.randint(1, 3)), _at(today, 9)))
        rating = services.rating_submit(opinion=Opinion.objects.get(pk=opinions[1].pk), value="satisfied")
        _dated(OpinionRating, [rating.pk], _at(start + timedelta(days=18), 20))
        for closed in county_closed_problems(campaign, county)[:3]:
            rows = services.lookback_ratings_record(actor=office, problem=closed, satisfied=rng.randint(3, 8),
                                                    basic=rng.randint(0, 3), unsatisfied=rng.randint(0, 1))
            after = (closed.closed_at or _at(today - timedelta(days=10))) + timedelta(days=rng.randint(7, 20))
            _dated(OpinionRating, [r.pk for r in rows], min(after, _at(today, 9)))
        made += Opinion.objects.filter(round=rnd).count()
    ctx.counts["opinions"] = made


def county_closed_problems(campaign, county):
    from taizhang.ledger.models import Problem

    return list(Problem.objects.filter(campaign=campaign, status="closed", unit__path__startswith=county.path)
                .order_by("id"))

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
LETTER = ["审批事项办理时限偏长", "部门之间数据不共享，群众重复提交材料"]


def generate(ctx) -> None:
    from taizhang.opinions import services
    from taizhang.opinions.models import Opinion

    rng = ctx.rng_for("opinions")
    campaign = ctx.campaign
    made = 0
    for county in ctx.units_by_level.get("county", [])[:3]:
        office = ctx.users_by_unit.get(county.pk, {}).get("office")
        if office is None:
            continue
        rnd = services.round_create(actor=office, campaign=campaign, unit=county, title=f"{county.name}主题教育征求意见",
                                    themes="领导班子和干部作风\n为民服务中的难点堵点\n基层减负", audience="public",
                                    starts_on=ctx.today - timedelta(days=20), ends_on=ctx.today + timedelta(days=40))
        opinions = [services.opinion_submit(rnd=rnd, content=text, anonymous=rng.random() < 0.6,
                                            name="" if i % 2 else "王先生", ip=f"10.1.0.{i}", today=ctx.today)
                    for i, text in enumerate(PUBLIC)]
        services.meeting_record(actor=office, rnd=rnd, kind="forum", held_on=ctx.today - timedelta(days=10),
                                place="县委会议室（基层干部代表）", attendance=rng.randint(12, 30), opinions="\n".join(FORUM))
        services.meeting_record(actor=office, rnd=rnd, kind="talk", held_on=ctx.today - timedelta(days=8),
                                place="班子成员与分管部门负责人", sessions=(talks := rng.randint(20, 60)),
                                attendance=talks + rng.randint(0, 10), opinions="\n".join(TALK))
        townships = [t for t in ctx.units_by_level.get("township", []) if t.path.startswith(county.path)][:4]
        letters = services.letters_send(actor=office, rnd=rnd, recipients=townships,
                                        deadline=ctx.today + timedelta(days=10)) if townships else []
        for letter in letters[:3]:
            clerk = ctx.users_by_unit.get(letter.recipient.pk, {}).get("office") or office
            services.letter_answer(actor=clerk, letter=letter, opinions="\n".join(LETTER))
        # Three opinions about the same window become one problem; one goes to 为民办实事; two are answered.
        problem = services.opinions_to_problem(actor=office, opinions=opinions[:3], unit=county,
                                               title="政务服务大厅午间不办公，群众办事不便", category="style",
                                               responsible_name="县政务服务中心主任",
                                               deadline=ctx.today + timedelta(days=30))
        services.opinion_reply(actor=office, opinion=opinions[0],
                               text=f"您的意见已列入问题清单（{problem.number}），正在整改：政务服务大厅拟实行午间轮岗。")
        matter_categories = [c for c, _ in campaign.code_choices("matter_category")]
        services.opinion_to_matter(actor=office, opinion=opinions[4], unit=county, title="增设老年助餐点",
                                   category="elderly" if "elderly" in matter_categories else matter_categories[0])
        for op in (opinions[3], opinions[5]):
            services.opinion_close(actor=office, opinion=op,
                                   reason="已交乡镇办理：已完成维修和清运，并建立定期巡查制度。")
            services.rating_submit(opinion=Opinion.objects.get(pk=op.pk),
                                   value=rng.choice(["satisfied", "satisfied", "basic"]))
        services.rating_submit(opinion=Opinion.objects.get(pk=opinions[1].pk), value="satisfied")
        for closed in county_closed_problems(campaign, county)[:3]:
            services.lookback_ratings_record(actor=office, problem=closed, satisfied=rng.randint(3, 8),
                                             basic=rng.randint(0, 3), unsatisfied=rng.randint(0, 1))
        made += Opinion.objects.filter(round=rnd).count()
    ctx.counts["opinions"] = made


def county_closed_problems(campaign, county):
    from taizhang.ledger.models import Problem

    return list(Problem.objects.filter(campaign=campaign, status="closed", unit__path__startswith=county.path)
                .order_by("id"))

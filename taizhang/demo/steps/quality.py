"""Demo step of 问题质量: problems that the quality tools are there to catch, on top of the ledger's.

- In the first township of the county, three branches filed nearly the same problem (理论学习不够深入系统…):
  typing it into a new problem there shows all three.
- Across the county, 40 branches reported variants of 学习流于形式 — one 共性问题 for a rule.
- A few problems with template placeholders left in (XX, 某某, 此处填写) and measures that only repeat the problem.

Written through the ledger's services (about fifty problems), so numbers, audit events and history are real.
"""

from __future__ import annotations

from datetime import timedelta

from taizhang.demo import phrases

DEMO_ORDER = 25

NEAR_DUPLICATES = [
    ("理论学习不够深入系统，学用结合不紧", "理论学习不够深入系统，满足于读原文、记笔记，联系本村实际研究不够。"),
    ("理论学习不够深入系统", "支部理论学习不够深入系统，停留在读文件、抄笔记，结合村里发展思考不多。"),
    ("理论学习不够深入、不够系统", "理论学习不够深入系统，集中学习多、个人自学少，学用脱节。"),
]

# How forty branches word the same problem (the titles a 共性问题 is found by) …
FORMALITY_TITLES = ("学习流于形式，效果不明显", "支部学习流于形式，效果不明显", "党员学习流于形式，效果不明显",
                    "学习流于形式，效果不够明显", "学习流于形式、效果不明显", "支部学习流于形式，效果不够明显",
                    "党员学习流于形式，学习效果不明显", "学习存在流于形式，效果不明显")
# … and what they wrote under it.
FORMALITY_WHO = ("支部", "部分党员", "村两委班子", "支部党员")
FORMALITY_HOW = ("满足于读读文件、念念报纸", "以读文件代替研讨交流", "集中学习照本宣科", "学习笔记照抄照搬")
FORMALITY_END = ("学习效果不明显。", "没有真正入脑入心。", "与实际工作结合不紧。")
FORMALITY_COUNT = 40

PLACEHOLDERS = [
    ("XX村基础设施建设滞后", "某某组道路硬化未完成，群众出行不便，此处填写具体情况。"),
    ("服务群众“最后一公里”不畅通", "XX项便民服务事项办理时限超过××个工作日。"),
]
RESTATING = [
    ("为民服务意识不强", "窗口工作人员为民服务意识不强，办事群众反映态度生硬。",
     ["针对为民服务意识不强的问题进行整改", "切实加强为民服务意识"]),
    ("会议文件多、精简不够", "会议文件多、精简不够，基层负担较重。",
     ["立即整改会议文件多、精简不够的问题"]),
]


def _villages_of(ctx, parent) -> list:
    return [v for v in ctx.units_by_level.get("village", []) if v.path.startswith(parent.path)]


def generate(ctx) -> None:
    from taizhang.ledger.lifecycle import problem_transition
    from taizhang.ledger.services import measure_add, problem_create

    rng = ctx.rng_for("quality")
    campaign = ctx.campaign
    county = ctx.units_by_level["county"][0]
    township = next(t for t in ctx.units_by_level["township"] if t.path.startswith(county.path))
    deadline = min(campaign.end_date, ctx.today + timedelta(days=45))
    count = 0

    def add(unit, title, description, *, accept: bool, measures=(), responsible=True):
        nonlocal count
        p = problem_create(actor=None, campaign=campaign, unit=unit, title=title, description=description,
                           category="theory", source="self", responsible_name=phrases.person_name(rng)
                           if responsible else "", deadline=deadline)
        for text in measures:
            measure_add(actor=None, problem=p, text=text, deadline=deadline)
        if accept and responsible:
            problem_transition(actor=None, problem=p, action="accept")
        count += 1
        return p

    near = _villages_of(ctx, township)[:len(NEAR_DUPLICATES)]
    for unit, (title, description) in zip(near, NEAR_DUPLICATES, strict=False):
        add(unit, title, description, accept=unit is not near[0])

    taken = {u.pk for u in near}
    branches = [v for v in _villages_of(ctx, county) if v.pk not in taken][:FORMALITY_COUNT]
    for i, unit in enumerate(branches):
        title = FORMALITY_TITLES[i % len(FORMALITY_TITLES)]
        description = (rng.choice(FORMALITY_WHO) + "学习流于形式，" + rng.choice(FORMALITY_HOW) + "，"
                       + rng.choice(FORMALITY_END))
        add(unit, title, description, accept=rng.random() < 0.6)

    # The county's departments file these (its townships and the county itself where it has few departments).
    departments = [d for d in ctx.units_by_level.get("department", []) if d.path.startswith(county.path)]
    others = [*departments[:len(PLACEHOLDERS) + len(RESTATING)], township, county]
    for i, (title, description) in enumerate(PLACEHOLDERS):
        add(others[i % len(others)], title, description, accept=False, responsible=False)
    for i, (title, description, measures) in enumerate(RESTATING, start=len(PLACEHOLDERS)):
        add(others[i % len(others)], title, description, accept=True, measures=measures)
    ctx.counts["quality_problems"] = count

"""Demo research data: topics led by leaders of counties, departments and townships (some left open
for 揭榜领题), their visits to villages and townships (a few deliberately clustered), reports, grades
and transformation items."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from taizhang.demo import phrases
from taizhang.demo.bulk import bulk_insert

DEMO_ORDER = 30

STATUS_WEIGHTS = [("proposed", 8), ("taken", 10), ("researching", 30), ("reported", 20), ("transforming", 20),
                  ("done", 12)]


def _topic_units(ctx) -> list:
    levels = ctx.units_by_level
    units = []
    for level in ("province", "city", "county", "city_department", "department", "township"):
        units.extend(levels.get(level, []))
    return units


def generate(ctx) -> None:
    from taizhang.research.models import ResearchTopic, ResearchVisit, Transformation

    rng = ctx.rng_for("research")
    campaign = ctx.campaign
    methods = [c for c, _ in campaign.code_choices("research_method")]
    villages_by_parent: dict[str, list] = {}
    for v in ctx.units_by_level.get("village", []):
        villages_by_parent.setdefault(v.path[:-4], []).append(v)
    statuses = [s for s, w in STATUS_WEIGHTS for _ in range(w)]
    start = campaign.start_date
    topics, plans = [], []
    for unit in _topic_units(ctx):
        people = ctx.users_by_unit.get(unit.pk, {})
        leader = people.get("leader")
        for _ in range(rng.randint(1, 3) if unit.depth <= 2 else rng.randint(0, 2)):
            title = phrases.research_topic(rng)
            status = rng.choice(statuses)
            open_topic = status == "proposed" and rng.random() < 0.7
            begin = start + timedelta(days=rng.randint(5, 40))
            topic = ResearchTopic(
                campaign=campaign, unit=unit, title=title, direction=phrases.research_direction(rng),
                rationale=f"围绕{title}，摸清底数、找准症结、提出对策。",
                lead_leader=None if open_topic or leader is None else leader,
                lead_leader_name="" if open_topic else (str(leader) if leader else phrases.person_name(rng)),
                planned_start=begin, planned_end=begin + timedelta(days=rng.randint(20, 60)),
                planned_sites="", status=status)
            if status in ("reported", "transforming", "done"):
                topic.report_abstract = phrases.report_abstract(rng, title)
                if rng.random() < 0.7:
                    topic.exchange_grade = rng.choice(["excellent", "good", "good", "fair"])
                    topic.exchange_score = Decimal(rng.randint(70, 98))
            topics.append(topic)
            plans.append((topic, unit, leader))
    bulk_insert(ResearchTopic, topics)

    visits, items = [], []
    township_pool = ctx.units_by_level.get("township", [])
    for topic, unit, _leader in plans:
        if topic.status in ("proposed", "taken"):
            continue
        sites = villages_by_parent.get(unit.path) or [v for t in township_pool[:3]
                                                       for v in villages_by_parent.get(t.path, [])[:3]]
        for _ in range(rng.randint(1, 3)):
            day = topic.planned_start + timedelta(days=rng.randint(0, 30))
            site = rng.choice(sites) if sites and rng.random() < 0.85 else None
            place = "" if site else phrases.visit_site_place(rng)
            done = day <= ctx.today
            visits.append(ResearchVisit(
                topic=topic, unit=unit, campaign=campaign, leader=topic.lead_leader,
                leader_name=topic.lead_leader_name, start_date=day, end_date=day + timedelta(days=rng.randint(0, 1)),
                status="done" if done else "planned", site_unit=site, site_place=place,
                site_key=f"u:{site.pk}" if site else "p:" + "".join(place.split())[:200],
                method=rng.choice(methods), participants=f"{topic.lead_leader_name}等{rng.randint(2, 6)}人",
                participant_count=rng.randint(2, 8), people_met=f"群众代表、基层干部{rng.randint(5, 40)}人",
                people_met_count=rng.randint(5, 40),
                needs_collected=phrases.needs_collected(rng) if done else "",
                solved_on_site=phrases.solved_on_site(rng) if done and rng.random() < 0.6 else "",
                solved_count=rng.randint(0, 4) if done else 0))
        if topic.status in ("reported", "transforming", "done"):
            for _ in range(rng.randint(1, 3)):
                kind = rng.choice(list(phrases.TRANSFORMATION_KINDS))
                status = "done" if topic.status == "done" else rng.choice(["pending", "in_progress", "done"])
                items.append(Transformation(
                    topic=topic, unit=unit, kind=kind, title=phrases.transformation_item(rng, kind),
                    responsible=topic.lead_leader_name, deadline=ctx.today + timedelta(days=rng.randint(-20, 60)),
                    status=status, completed_at=ctx.today - timedelta(days=rng.randint(0, 20)) if status == "done"
                    else None))
    bulk_insert(ResearchVisit, visits)
    bulk_insert(Transformation, items)
    ctx.counts["research_topics"] = len(topics)
    ctx.counts["research_visits"] = len(visits)
    ctx.counts["transformations"] = len(items)
    ctx.research_visits = visits  # later steps (problem links) may use them

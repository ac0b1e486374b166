"""Demo practical matters: the 实事清单 of townships and villages, from 征集 to 已办结."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from taizhang.demo import phrases
from taizhang.demo.bulk import bulk_insert

DEMO_ORDER = 50

STATUSES = ["collecting"] * 2 + ["claimed"] * 2 + ["in_progress"] * 3 + ["done"] * 5
SOURCES = ["public", "public", "research", "hotline", "wish", "other"]


def generate(ctx) -> None:
    from taizhang.matters.models import PracticalMatter

    rng = ctx.rng_for("matters")
    campaign = ctx.campaign
    categories = [c for c, _ in campaign.code_choices("matter_category")]
    units = ctx.units_by_level.get("township", []) + ctx.units_by_level.get("village", [])
    townships = {t.path: t for t in ctx.units_by_level.get("township", [])}
    matters = []
    for unit in units:
        people = ctx.users_by_unit.get(unit.pk, {})
        parent_people = {}
        if unit.kind == "branch":
            parent = townships.get(unit.path[:-4])
            parent_people = ctx.users_by_unit.get(parent.pk, {}) if parent else {}
        leader = people.get("leader") or parent_people.get("leader")
        for _ in range(rng.randint(0, 2) if unit.kind == "branch" else rng.randint(1, 3)):
            status = rng.choice(STATUSES)
            category = rng.choice(categories)
            claimed = status != "collecting"
            done = status == "done"
            title = phrases.matter_title(rng, category if category in phrases.MATTER_CATEGORIES else "livelihood")
            matters.append(PracticalMatter(
                campaign=campaign, unit=unit, title=(unit.short_name or "") + title, category=category,
                source=rng.choice(SOURCES), source_note=phrases.matter_source_note(rng),
                lead_leader=leader if claimed else None, lead_leader_name=str(leader) if claimed and leader else "",
                claimed_by=people.get("clerk") if claimed else None, claimed_unit=unit if claimed else None,
                deadline=ctx.today + timedelta(days=rng.randint(-15, 75)), status=status,
                beneficiaries=rng.randint(20, 3000) if done or status == "in_progress" else 0,
                money=Decimal(rng.randint(0, 9000)) / 100 if claimed else Decimal(0),
                satisfaction=Decimal(rng.randint(900, 1000)) / 10 if done else None,
                result="已完成，群众反映良好。" if done else "",
                completed_at=ctx.today - timedelta(days=rng.randint(0, 40)) if done else None))
    bulk_insert(PracticalMatter, matters)
    ctx.counts["practical_matters"] = len(matters)

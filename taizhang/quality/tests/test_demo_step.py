"""The demo step plants what "Done when" looks for: three near-identical problems in a township, a 共性问题 of
forty branches of the county, placeholders and restating measures."""

import random
from datetime import date

from taizhang.demo.generator import DemoContext
from taizhang.quality import selectors


def _ctx(world) -> DemoContext:
    """A county (东县) with three villages in 东镇 and forty more in 西镇."""
    from taizhang.orgs.models import Unit

    t1, t2 = world.unit("T1"), world.unit("T2")
    extra_t1 = [Unit.objects.get(pk=t1.pk).add_child(code=f"V1X{i}", name=f"东镇新{i}村党支部", kind="branch") for i in range(1)]
    extra_t2 = [Unit.objects.get(pk=t2.pk).add_child(code=f"V3X{i:02d}", name=f"西镇{i:02d}村党支部", kind="branch")
                for i in range(40)]
    villages = [world.unit("V1"), world.unit("V2"), *extra_t1, world.unit("V3"), *extra_t2]
    ctx = DemoContext(size="small", seed=7, today=date(2026, 11, 15), rng=random.Random(7))
    ctx.units_by_level = {"county": [world.unit("K1")], "township": [world.unit("T1"), world.unit("T2")],
                          "village": [Unit.objects.get(pk=v.pk) for v in villages], "department": []}
    ctx.campaign = world.campaign()
    return ctx


def test_the_demo_step_plants_the_near_duplicates_and_the_cluster_of_forty(world):
    from taizhang.demo.steps import quality as quality_demo

    ctx = _ctx(world)
    quality_demo.generate(ctx)
    office, campaign = world.county_office, world.campaign()
    hits = selectors.similar_problems(office, campaign, "理论学习不够深入系统")
    assert {h["problem"].unit.path[:len(world.unit("T1").path)] for h in hits[:3]} == {world.unit("T1").path}
    assert [h["problem"].title for h in hits[:3]] == ["理论学习不够深入系统", "理论学习不够深入系统，学用结合不紧",
                                                      "理论学习不够深入、不够系统"]
    clusters = selectors.problem_clusters(office, campaign, world.unit("K1"))
    formality = [c for c in clusters if "流于形式" in c.representative.title]
    assert len(formality) == 1 and formality[0].size == 40 and len(formality[0].units) == 40
    assert all("流于形式" in p.title for p in formality[0].problems)
    kinds = {f.kind for r in selectors.quality_report(office, campaign) for f in r["findings"]}
    assert {"placeholder", "restating_measure", "no_responsible", "generic"} <= kinds

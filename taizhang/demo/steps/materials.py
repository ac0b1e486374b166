"""Demo materials: exchange materials of counties, departments and townships, the listed member's
confidential 对照检查材料, and one compilation per county."""

from __future__ import annotations

from taizhang.demo import phrases
from taizhang.demo.bulk import bulk_insert

DEMO_ORDER = 60

OPEN_GENRES = ["speech", "stage_summary", "research_report", "experience", "reflection"]


def generate(ctx) -> None:
    from taizhang.materials.models import Compilation, CompilationItem, Material

    rng = ctx.rng_for("materials")
    campaign = ctx.campaign
    levels = ctx.units_by_level
    units = [*levels.get("county", []), *levels.get("department", []), *levels.get("township", [])]
    rows = []
    for unit in units:
        people = ctx.users_by_unit.get(unit.pk, {})
        author = people.get("clerk") or people.get("office") or people.get("leader")
        for _ in range(rng.randint(0, 2)):
            genre = rng.choice(OPEN_GENRES)
            rows.append(Material(campaign=campaign, unit=unit, author=author,
                                 author_name=str(author) if author else phrases.person_name(rng), genre=genre,
                                 title=phrases.material_title(rng, genre),
                                 body=phrases.material_body(rng, genre, paragraphs=3),
                                 typical=genre == "experience"))
    # Personal 对照检查材料 of members: every listed-member branch and a sample of the others.
    for unit in levels.get("village", []):
        member = ctx.users_by_unit.get(unit.pk, {}).get("member")
        if member is None or (member.username != "member" and rng.random() > 0.05):
            continue
        rows.append(Material(campaign=campaign, unit=unit, author=member, author_name=str(member),
                             genre="self_review", title=phrases.material_title(rng, "self_review"),
                             body=phrases.material_body(rng, "self_review", paragraphs=3), personal=True,
                             confidential=True))
    bulk_insert(Material, rows)
    comps, items = [], []
    for county in levels.get("county", []):
        open_rows = [m for m in rows if not m.confidential and m.unit.path.startswith(county.path)][:12]
        if not open_rows:
            continue
        comp = Compilation(campaign=campaign, unit=county, title=f"{county.short_name or county.name}主题教育交流材料汇编")
        comps.append((comp, open_rows))
    bulk_insert(Compilation, [c for c, _ in comps])
    for comp, chosen in comps:
        items.extend(CompilationItem(compilation=comp, material=m, position=i) for i, m in enumerate(chosen, 1))
    CompilationItem.objects.bulk_create(items, batch_size=2000)
    ctx.counts["materials"] = len(rows)
    ctx.counts["compilations"] = len(comps)

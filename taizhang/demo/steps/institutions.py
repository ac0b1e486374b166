"""Demo institutions (建章立制) issued by counties, departments and townships."""

from __future__ import annotations

from datetime import timedelta

from taizhang.demo import phrases
from taizhang.demo.bulk import bulk_insert

DEMO_ORDER = 55

KINDS = ["new"] * 6 + ["revised"] * 3 + ["abolished"]


def generate(ctx) -> None:
    from taizhang.institutions.models import Institution

    rng = ctx.rng_for("institutions")
    campaign = ctx.campaign
    levels = ctx.units_by_level
    units = [*levels.get("province", []), *levels.get("city", []), *levels.get("county", []),
             *levels.get("department", []), *levels.get("township", [])]
    rows = []
    seq: dict[int, int] = {}
    for unit in units:
        for _ in range(rng.randint(0, 2) if unit.depth > 2 else rng.randint(2, 4)):
            kind = rng.choice(KINDS)
            issued = campaign.start_date + timedelta(days=rng.randint(10, max(11, (ctx.today - campaign.start_date)
                                                                               .days)))
            seq[unit.pk] = seq.get(unit.pk, 0) + 1
            short = (unit.short_name or unit.name)[:1]
            rows.append(Institution(
                campaign=campaign, unit=unit, title=phrases.institution_title(rng, kind, issuer=unit.name), kind=kind,
                doc_number=phrases.document_number(rng, short, issued.year, seq[unit.pk] + 10),
                issued_date=issued, summary="针对检视整改中发现的共性问题，明确职责分工、工作流程和监督措施。"))
    bulk_insert(Institution, rows)
    ctx.counts["institutions"] = len(rows)

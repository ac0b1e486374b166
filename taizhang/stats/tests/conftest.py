import datetime as dt

import pytest

from taizhang.ledger.tests import factories as F


@pytest.fixture
def ledger(world):
    """Records spread over the world's tree (K1 and below, K2 outside), built through the real services."""
    from taizhang.institutions.services import institution_create
    from taizhang.matters.services import matter_create
    from taizhang.study.services import activity_create

    c = world.campaign()
    F.problem(world, "K1")
    F.closed(world, "K1")
    F.accepted(world, "T1", deadline=F.overdue_by(3))
    F.closed(world, "V1", source="research", requester="village_clerk", actor="village_clerk")
    F.in_review(world, "V2", requester="township_office", actor="township_office")
    F.problem(world, "T2", category="style")
    F.accepted(world, "V3", kind="long_term", deadline=None)
    F.problem(world, "K2", actor="province_office")
    day = dt.date(2026, 10, 8)
    for unit, kind in (("K1", "reading_class"), ("T1", "seminar"), ("V1", "three_meetings"), ("K2", "seminar")):
        activity_create(actor=None, campaign=c, unit=world.unit(unit), type=kind, title="学习党章", start_date=day, end_date=day + dt.timedelta(days=1),
                        days=2, participant_count=10, speakers=4)
    for unit, kind in (("K1", "new"), ("T2", "revised"), ("V1", "new")):
        institution_create(actor=None, campaign=c, unit=world.unit(unit), title=f"{unit}制度", kind=kind)
    matter_create(actor=None, campaign=c, unit=world.unit("V2"), title="修路", category="infrastructure")
    return c

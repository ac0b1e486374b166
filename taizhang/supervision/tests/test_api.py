"""/api/v1/supervision/slips: the tabs and filters of the page; a step needs the version the caller read."""

from taizhang.api.tests.helpers import assert_version_required, items
from taizhang.supervision.models import SupervisionSlip
from taizhang.supervision.tests.factories import slip, step


def test_slips_are_paged_by_tab_and_status(world, login):
    signed = step(world, slip(world), "sign")
    other = slip(world, kind="warning")
    office = login("county_office")
    assert [s["id"] for s in items(office.get("/api/v1/supervision/slips", {"tab": "issued"}))] == [other.pk, signed.pk]
    rows = items(office.get("/api/v1/supervision/slips", {"status": "signed"}))
    assert [(s["number"], s["target_unit"], s["problems"]) for s in rows] == [
        (signed.number, "T1", [p.number for p in signed.problems.all()])]
    assert [s["id"] for s in items(office.get("/api/v1/supervision/slips", {"kind": "warning"}))] == [other.pk]
    assert items(login("township_office").get("/api/v1/supervision/slips", {"tab": "issued"})) == []


def test_a_step_requires_a_current_version(world, login):
    s = slip(world)
    old = s.version
    s = step(world, s, "sign")
    assert_version_required(login("township_office"), f"/api/v1/supervision/slips/{s.pk}/transition",
                            {"action": "reply", "reply": "已整改"}, s, stale=old)
    assert SupervisionSlip.objects.get(pk=s.pk).reply == ""

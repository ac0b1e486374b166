"""/api/v1/matters: the 实事清单 as on the page; a claim needs the version the caller read."""

from taizhang.api.tests.helpers import assert_version_required, items
from taizhang.audit.models import AuditEvent
from taizhang.matters import services
from taizhang.matters.models import MatterStatus, PracticalMatter
from taizhang.matters.tests.factories import make_matter


def test_matters_are_paged_and_filtered_like_the_page(world, login):
    make_matter(world, title="东村路灯")
    make_matter(world, title="西村自来水", status="claimed")
    client = login("county_office")
    rows = items(client.get("/api/v1/matters/", {"campaign": "test-campaign"}))
    assert [m["title"] for m in rows] == ["西村自来水", "东村路灯"]
    rows = items(client.get("/api/v1/matters/", {"status": "claimed", "unit": "V1"}))
    assert [(m["title"], m["claimed_unit"], m["status_label"]) for m in rows] == [("西村自来水", "V1", "认领")]


def test_a_claim_with_the_version_claims_the_matter(world, login):
    matter = make_matter(world)
    response = login("village_clerk").post(f"/api/v1/matters/{matter.pk}/claim", {"version": matter.version},
                                           content_type="application/json")
    matter.refresh_from_db()
    assert (response.json()["status"], response.json()["claimed_unit"]) == (MatterStatus.CLAIMED, "V1")
    assert matter.status == MatterStatus.CLAIMED and matter.claimed_by == world.village_clerk
    assert AuditEvent.objects.filter(object_id=str(matter.pk), action__startswith="practicalmatter.claim").exists()


def test_a_claim_requires_a_current_version(world, login):
    matter = make_matter(world)
    old = matter.version
    services.matter_update(actor=world.county_office, matter=matter, expected_version=old, title="东村路灯改造")
    assert_version_required(login("village_clerk"), f"/api/v1/matters/{matter.pk}/claim", {}, matter, stale=old)
    assert PracticalMatter.objects.get(pk=matter.pk).claimed_by is None

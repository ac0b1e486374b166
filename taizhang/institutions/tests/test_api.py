"""/api/v1/institutions: the 建章立制 list as on the page and the problems an institution answers."""

from taizhang.api.tests.helpers import items
from taizhang.institutions.tests.factories import make_institution
from taizhang.ledger.tests import factories as F


def test_institutions_are_paged_and_filtered_like_the_page(world, login):
    new = make_institution(world)
    make_institution(world, kind="revised", title="修订的制度", doc_number="东办发〔2026〕13号")
    rows = items(login("county_office").get("/api/v1/institutions/", {"kind": "new"}))
    assert [(i["id"], i["doc_number"], i["kind_label"]) for i in rows] == [(new.pk, new.doc_number, "新建")]


def test_linking_answers_the_linked_problems(world, login):
    inst = make_institution(world)
    p = F.problem(world)
    client = login("county_office")
    linked = client.post(f"/api/v1/institutions/{inst.pk}/problems", {"numbers": [p.number]},
                         content_type="application/json").json()
    assert linked == [{"id": p.pk, "number": p.number, "title": p.title, "unit": "K1", "status": p.status}]
    assert list(inst.problems.values_list("pk", flat=True)) == [p.pk]
    assert client.delete(f"/api/v1/institutions/{inst.pk}/problems/{p.pk}").json() == []
    assert not inst.problems.exists()

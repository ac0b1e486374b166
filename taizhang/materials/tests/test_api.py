"""/api/v1/materials: the 交流材料 list as on the page; the full text only in the detail."""

from taizhang.api.tests.helpers import items
from taizhang.materials.tests.factories import make_material


def test_materials_are_paged_and_filtered_like_the_page(world, login):
    m = make_material(world)
    make_material(world, genre="research_report", title="调研报告")
    rows = items(login("village_clerk").get("/api/v1/materials/", {"genre": "experience"}))
    assert [(r["id"], r["author"], r["unit"]) for r in rows] == [(m.pk, m.author_name, "V1")]
    assert "body" not in rows[0]
    assert login("village_clerk").get(f"/api/v1/materials/{m.pk}").json()["body"] == m.body

"""/api/v1/problems: the same filters, services and scope as the pages."""

from datetime import timedelta

from django.utils import timezone

from taizhang.ledger.tests import factories as F


def test_list_filters_and_scopes(world, login):
    F.accepted(world, deadline=timezone.localdate() - timedelta(days=2), title="逾期")
    F.problem(world, title="待认领")
    F.problem(world, "K3", actor="outsider_office", title="远县")
    data = login("county_office").get("/api/v1/problems", {"campaign": "test-campaign"}).json()
    assert {p["title"] for p in data["problems"]} == {"逾期", "待认领"}
    data = login("county_office").get("/api/v1/problems", {"campaign": "test-campaign", "overdue": "true"}).json()
    assert [(p["title"], p["light"]) for p in data["problems"]] == [("逾期", "red")]
    data = login("outsider_office").get("/api/v1/problems", {"campaign": "test-campaign"}).json()
    assert [p["title"] for p in data["problems"]] == ["远县"]


def test_create_then_walk_the_lifecycle(world, login):
    clerk = login("county_clerk")
    p = clerk.post("/api/v1/problems", {"campaign": "test-campaign", "unit": "K1", "title": "会议过多",
                                        "responsible": "county_clerk", "deadline": "2026-12-31"},
                   content_type="application/json").json()
    assert p["number"].startswith("ZG-") and p["status"] == "pending" and p["responsible"]
    url = f"/api/v1/problems/{p['id']}"
    assert clerk.post(f"{url}/transitions", {"action": "accept"}, content_type="application/json").json()[
        "status"] == "in_progress"
    assert clerk.post(f"{url}/measures", {"text": "精简会议"}, content_type="application/json").status_code == 201
    assert clerk.post(f"{url}/progress", {"text": "已精简", "percent": 100},
                      content_type="application/json").status_code == 201
    refused = clerk.post(f"{url}/closure-requests", {"evidence_summary": "完成"}, content_type="application/json")
    assert refused.status_code == 400 and "佐证材料" in refused.json()["message"]
    assert clerk.post(f"{url}/attachments", {"files": F.pdf()}).status_code == 201
    # an attachment on the problem alone is not evidence on the closure or its progress
    assert clerk.post(f"{url}/closure-requests", {"evidence_summary": "完成"},
                      content_type="application/json").status_code == 400
    progress_id = clerk.get(f"{url}/progress").json()[0]["id"]
    clerk.post(f"{url}/attachments", {"files": F.pdf("会议清单.pdf"), "progress": progress_id})
    assert clerk.post(f"{url}/closure-requests", {"evidence_summary": "完成"},
                      content_type="application/json").status_code == 201
    own = clerk.post(f"{url}/transitions", {"action": "approve"}, content_type="application/json")
    assert own.status_code == 403
    office = login("county_office")
    assert office.post(f"{url}/transitions", {"action": "approve"}, content_type="application/json").json()[
        "status"] == "closed"
    lb = office.post(f"{url}/lookbacks", {"verdict": "rebound", "comment": "反弹"}, content_type="application/json")
    assert lb.status_code == 201 and office.get(url).json()["status"] == "in_progress"


def test_out_of_scope_is_404_everywhere(world, login):
    p = F.in_review(world)
    client = login("outsider")
    base = f"/api/v1/problems/{p.pk}"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}/transitions", {"action": "approve"}, content_type="application/json").status_code == 404
    assert client.get(f"{base}/attachments").status_code == 404


def test_lead_and_co_units_are_set_by_code(world, login):
    client = login("county_office")
    p = client.post("/api/v1/problems", {"campaign": "test-campaign", "unit": "K1", "title": "协同不够",
                                         "lead_unit": "T1", "co_units": ["T2", "V1"]},
                    content_type="application/json").json()
    assert (p["lead_unit"], sorted(p["co_units"])) == ("T1", ["T2", "V1"])
    bad = client.patch(f"/api/v1/problems/{p['id']}", {"version": p["version"], "co_units": ["NOPE"]},
                       content_type="application/json")
    assert bad.status_code == 400 and "NOPE" in bad.json()["message"]

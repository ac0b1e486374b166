"""/api/v1/problems: the same filters, services and scope as the pages."""

from datetime import timedelta

from django.utils import timezone

from taizhang.api.tests.helpers import assert_version_required, items
from taizhang.audit.models import AuditEvent
from taizhang.ledger import services
from taizhang.ledger.models import Problem
from taizhang.ledger.tests import factories as F


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_list_filters_and_scopes(world, login):
    F.accepted(world, deadline=timezone.localdate() - timedelta(days=2), title="逾期")
    F.problem(world, title="待认领")
    F.problem(world, "K3", actor="outsider_office", title="远县")
    rows = items(login("county_office").get("/api/v1/problems", {"campaign": "test-campaign"}))
    assert {p["title"] for p in rows} == {"逾期", "待认领"}
    rows = items(login("county_office").get("/api/v1/problems", {"campaign": "test-campaign", "overdue": "true"}))
    assert [(p["title"], p["light"], p["overdue"]) for p in rows] == [("逾期", "red", True)]
    rows = items(login("outsider_office").get("/api/v1/problems", {"campaign": "test-campaign"}))
    assert [p["title"] for p in rows] == ["远县"]


def test_list_pages_with_one_contract(world, login):
    for n in range(3):
        F.problem(world, title=f"问题{n}")
    client = login("county_office")
    first = client.get("/api/v1/problems", {"campaign": "test-campaign", "page_size": 2}).json()
    assert (first["count"], first["count_capped"], first["page"], first["page_size"], first["has_next"]) == (
        3, False, 1, 2, True)
    last = client.get("/api/v1/problems", {"campaign": "test-campaign", "page_size": 2, "page": 2}).json()
    assert [p["title"] for p in first["items"] + last["items"]] == ["问题0", "问题1", "问题2"]
    assert last["has_next"] is False
    assert client.get("/api/v1/problems", {"page_size": 5000}).json()["page_size"] == 200


def test_a_unit_filter_outside_scope_is_refused_as_on_the_page(world, login):
    F.problem(world, title="东县问题")
    response = login("county_office").get("/api/v1/problems", {"campaign": "test-campaign", "unit": "K3"})
    assert response.status_code == 422
    assert response.json() == {"message": "「单位」：未找到名为「K3」的单位，或该单位不在您的权限范围内",
                               "errors": [{"field": "unit", "message": "「单位」：未找到名为「K3」的单位，或该单位不在您的权限范围内"}]}


def test_detail_reads_the_problem(world, login):
    p = F.problem(world, title="会风不实", responsible=world.county_clerk)
    body = login("county_office").get(f"/api/v1/problems/{p.pk}").json()
    assert (body["id"], body["number"], body["campaign"], body["unit"], body["unit_name"]) == (
        p.pk, p.number, "test-campaign", "K1", p.unit.name)
    assert (body["status"], body["status_label"], body["version"], body["extra"]) == ("pending", "待认领", p.version, {})
    assert body["responsible"] == str(world.county_clerk) and body["lead_unit"] is None and body["co_units"] == []


def test_create_then_walk_the_lifecycle(world, login):
    clerk = login("county_clerk")
    p = _post(clerk, "/api/v1/problems", {"campaign": "test-campaign", "unit": "K1", "title": "会议过多",
                                         "responsible": "county_clerk", "deadline": "2026-12-31"}).json()
    assert p["number"].startswith("ZG-") and p["status"] == "pending" and p["responsible"]
    url = f"/api/v1/problems/{p['id']}"
    p = _post(clerk, f"{url}/transitions", {"action": "accept", "version": p["version"]}).json()
    assert p["status"] == "in_progress" == Problem.objects.get(pk=p["id"]).status
    assert _post(clerk, f"{url}/measures", {"text": "精简会议"}).json()["text"] == "精简会议"
    assert [m["text"] for m in items(clerk.get(f"{url}/measures"))] == ["精简会议"]
    assert _post(clerk, f"{url}/progress", {"text": "已精简", "percent": 100}).status_code == 201
    refused = _post(clerk, f"{url}/closure-requests", {"evidence_summary": "完成", "version": p["version"]})
    assert refused.status_code == 400 and "佐证材料" in refused.json()["message"]
    assert clerk.post(f"{url}/attachments", {"files": F.pdf()}).status_code == 201
    # an attachment on the problem alone is not evidence on the closure or its progress
    assert _post(clerk, f"{url}/closure-requests", {"evidence_summary": "完成", "version": p["version"]}
                 ).status_code == 400
    progress = items(clerk.get(f"{url}/progress"))[0]
    assert (progress["percent"], progress["author"]) == (100, str(world.county_clerk))
    attached = clerk.post(f"{url}/attachments", {"files": F.pdf("会议清单.pdf"), "progress": progress["id"]}).json()
    assert (attached[0]["name"], attached[0]["progress"]) == ("会议清单.pdf", progress["id"])
    p = _post(clerk, f"{url}/closure-requests", {"evidence_summary": "完成", "version": p["version"]})
    assert p.status_code == 201 and p.json()["status"] == "review"
    closures = items(clerk.get(f"{url}/closure-requests"))
    assert [(c["evidence_summary"], c["requested_by"], c["reviewer"]) for c in closures] == [
        ("完成", str(world.county_clerk), "")]
    version = p.json()["version"]
    own = _post(clerk, f"{url}/transitions", {"action": "approve", "version": version})
    assert own.status_code == 403
    office = login("county_office")
    assert _post(office, f"{url}/transitions", {"action": "approve", "version": version}).json()["status"] == "closed"
    lb = _post(office, f"{url}/lookbacks", {"verdict": "rebound", "comment": "反弹"})
    assert lb.status_code == 201 and lb.json()["reviewer"] == str(world.county_office)
    assert office.get(url).json()["status"] == "in_progress"
    assert [x["verdict"] for x in items(office.get(f"{url}/lookbacks"))] == ["rebound"]


def test_out_of_scope_is_404_everywhere(world, login):
    p = F.in_review(world)
    client = login("outsider")
    base = f"/api/v1/problems/{p.pk}"
    assert client.get(base).status_code == 404
    assert _post(client, f"{base}/transitions", {"action": "approve", "version": p.version}).status_code == 404
    assert client.get(f"{base}/attachments").status_code == 404
    assert Problem.objects.get(pk=p.pk).status == "review"


def test_lead_and_co_units_are_set_by_code(world, login):
    client = login("county_office")
    p = _post(client, "/api/v1/problems", {"campaign": "test-campaign", "unit": "K1", "title": "协同不够",
                                          "lead_unit": "T1", "co_units": ["T2", "V1"]}).json()
    assert (p["lead_unit"], sorted(p["co_units"])) == ("T1", ["T2", "V1"])
    bad = client.patch(f"/api/v1/problems/{p['id']}", {"version": p["version"], "co_units": ["NOPE"]},
                       content_type="application/json")
    assert bad.status_code == 400 and "NOPE" in bad.json()["message"] and bad.json()["field"] == "co_units"
    assert sorted(Problem.objects.get(pk=p["id"]).co_units.values_list("code", flat=True)) == ["T2", "V1"]


def test_update_changes_the_problem_and_audits_it(world, login):
    p = F.problem(world)
    response = login("county_office").patch(f"/api/v1/problems/{p.pk}", {"version": p.version, "target": "见实效"},
                                            content_type="application/json")
    assert response.json()["target"] == "见实效" == Problem.objects.get(pk=p.pk).target
    assert AuditEvent.objects.filter(action="problem.update", object_id=str(p.pk)).exists()


def test_update_requires_a_current_version(world, login):
    p = F.problem(world)
    old = p.version
    services.problem_update(actor=world.county_office, problem=p, expected_version=old, target="先改")
    assert_version_required(login("county_office"), f"/api/v1/problems/{p.pk}", {"title": "后改"}, p, stale=old,
                            method="patch")


def test_transitions_require_a_current_version(world, login):
    p = F.problem(world)
    old = p.version
    services.problem_update(actor=world.county_office, problem=p, expected_version=old, target="先改")
    assert_version_required(login("county_clerk"), f"/api/v1/problems/{p.pk}/transitions", {"action": "accept"}, p,
                            stale=old)


def test_a_closure_request_requires_a_current_version(world, login):
    p = F.with_progress(world)
    old = p.version
    services.problem_update(actor=world.county_office, problem=p, expected_version=old, target="先改")
    assert_version_required(login("county_clerk"), f"/api/v1/problems/{p.pk}/closure-requests",
                            {"evidence_summary": "完成"}, p, stale=old)

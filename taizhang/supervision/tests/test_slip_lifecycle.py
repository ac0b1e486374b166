"""督办单: issue, number, and every allowed and refused step of 已发出 → 已签收 → 已反馈 → 已办结 / 退回."""

import io
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from docx import Document

from taizhang.audit.models import AuditEvent, StatusChange
from taizhang.core.exceptions import NotFound, PermissionDenied, TransitionRefused, ValidationFailed
from taizhang.ledger.tests.factories import pdf, problem
from taizhang.notifications.models import Notification
from taizhang.supervision import services
from taizhang.supervision.documents import slip_docx
from taizhang.supervision.models import SlipStatus, SupervisionSlip
from taizhang.supervision.tests.factories import slip, step


def _changes(s):
    ct = ContentType.objects.get_for_model(SupervisionSlip)
    return list(StatusChange.objects.filter(content_type=ct, object_id=s.pk).values_list("action", flat=True))


def test_issue_numbers_per_issuer_and_year(world):
    a = slip(world)
    b = slip(world, unit="T2")
    c = slip(world, actor="province_office", unit="K1")
    year = a.year
    assert (a.number, b.number) == (f"东县县委督字〔{year}〕1号", f"东县县委督字〔{year}〕2号")
    assert c.number == f"测试省委督字〔{year}〕1号" and c.issuer_unit.code == "P"  # each issuer's own prefix
    assert a.issuer_unit.code == "K1" and a.status == SlipStatus.SENT


def test_an_office_sets_its_units_prefix_and_no_two_units_share_one(world):
    import pytest

    from taizhang.core.exceptions import PermissionDenied, ValidationFailed
    from taizhang.supervision import services

    assert services.slip_prefix_set(actor=world.county_office, unit=world.unit("K1"), prefix="东督字") == "东督字"
    a = slip(world)
    assert a.number == f"东督字〔{a.year}〕1号"
    with pytest.raises(ValidationFailed, match="已被其他单位使用"):
        services.slip_prefix_set(actor=world.province_office, unit=world.unit("K3"), prefix="东督字")
    with pytest.raises(ValidationFailed, match="其他单位默认使用"):
        services.slip_prefix_set(actor=world.county_office, unit=world.unit("K1"), prefix="东镇党委督字")
    with pytest.raises(ValidationFailed, match="不含空格"):
        services.slip_prefix_set(actor=world.county_office, unit=world.unit("K1"), prefix="东〔督〕")
    with pytest.raises(PermissionDenied):
        services.slip_prefix_set(actor=world.outsider_office, unit=world.unit("K1"), prefix="远督字")
    services.slip_prefix_set(actor=world.county_office, unit=world.unit("K1"), prefix="")
    assert services.slip_prefix(world.unit("K1")) == "东县县委督字"


def test_issue_writes_status_change_audit_and_notifies_the_target(world):
    s = slip(world)
    assert _changes(s) == ["issue"]
    assert AuditEvent.objects.filter(action="supervisionslip.issue", object_id=str(s.pk)).exists()
    note = Notification.objects.get(recipient=world.township_office, object_id=str(s.pk))
    assert s.number in note.title and note.link == f"/supervision/{s.pk}/"


def test_issue_is_refused_without_supervise_over_the_target(world):
    with pytest.raises(PermissionDenied):
        slip(world, actor="village_clerk", unit="V1")
    with pytest.raises(PermissionDenied):
        slip(world, actor="outsider_office", unit="T1", problems=[])


def test_issue_refuses_a_problem_outside_the_target(world):
    with pytest.raises(ValidationFailed, match="不属于接收单位"):
        slip(world, unit="T1", problems=[problem(world, "T2")])


def test_inspector_issues_from_its_assignment(world):
    s = slip(world, actor="inspector", unit="T1", problems=[])
    assert s.issuer_unit.code == "K1" and s.issued_by == world.inspector


def test_full_lifecycle_with_send_back(world):
    s = slip(world)
    s = step(world, s, "sign")
    assert s.status == SlipStatus.SIGNED and s.signed_by == world.township_office
    s = step(world, s, "reply", files=[pdf()])
    assert s.status == SlipStatus.REPLIED and s.attachments.count() == 1
    s = step(world, s, "send_back")
    assert s.status == SlipStatus.SIGNED and s.return_reason
    s = step(world, s, "reply", "close")
    assert s.status == SlipStatus.CLOSED and s.closed_by == world.county_office
    assert _changes(s) == ["issue", "sign", "reply", "send_back", "reply", "close"]
    assert AuditEvent.objects.filter(object_type="supervision.supervisionslip", object_id=str(s.pk),
                                     action__startswith="supervisionslip.").count() == 6


def test_each_step_notifies_the_other_side(world):
    s = step(world, slip(world), "sign")
    assert Notification.objects.filter(recipient=world.county_office, kind="slip.sign").exists()
    step(world, s, "reply", "send_back")
    assert Notification.objects.filter(recipient=world.township_office, kind="slip.send_back").exists()


@pytest.mark.parametrize(("status_steps", "action"), [
    ((), "reply"), ((), "close"), ((), "send_back"),
    (("sign",), "sign"), (("sign",), "close"), (("sign",), "send_back"),
    (("sign", "reply"), "sign"), (("sign", "reply"), "reply"),
    (("sign", "reply", "close"), "close"), (("sign", "reply", "close"), "send_back"),
    (("sign", "reply", "close"), "reply"),
])
def test_steps_from_the_wrong_status_are_refused(world, status_steps, action):
    s = step(world, slip(world), *status_steps)
    who = world.county_office if action in ("close", "send_back") else world.township_office
    with pytest.raises(TransitionRefused, match="当前状态"):
        services.slip_transition(actor=who, slip=s, action=action, reply="x", reason="y")


def test_the_target_side_cannot_close_or_send_back(world):
    s = step(world, slip(world), "sign", "reply")
    for action in ("close", "send_back"):
        with pytest.raises(PermissionDenied):
            services.slip_transition(actor=world.township_office, slip=s, action=action, reason="理由")


def test_the_issuer_side_without_change_cannot_sign(world):
    s = slip(world, actor="inspector")
    with pytest.raises(PermissionDenied):
        services.slip_transition(actor=world.inspector, slip=s, action="sign")


def test_inspector_closes_its_own_slip(world):
    s = step(world, slip(world, actor="inspector"), "sign", "reply")
    s = services.slip_transition(actor=world.inspector, slip=s, action="close")
    assert s.status == SlipStatus.CLOSED


def test_reply_needs_text_and_send_back_needs_a_reason(world):
    s = step(world, slip(world), "sign")
    with pytest.raises(TransitionRefused, match="反馈内容"):
        services.slip_transition(actor=world.township_office, slip=s, action="reply", reply="  ")
    s = step(world, s, "reply")
    with pytest.raises(TransitionRefused, match="理由"):
        services.slip_transition(actor=world.county_office, slip=s, action="send_back", reason="")


def test_outsiders_do_not_see_the_slip(world):
    s = slip(world)
    for name in ("outsider", "outsider_office", "village_clerk"):
        with pytest.raises(NotFound):
            services.slip_transition(actor=world.user(name), slip=s, action="sign")


def test_a_stale_version_is_a_conflict(world):
    from taizhang.core.exceptions import Conflict

    s = slip(world)
    with pytest.raises(Conflict):
        services.slip_transition(actor=world.township_office, slip=s, action="sign", expected_version=s.version + 5)


def test_slip_docx_opens_and_has_number_content_and_reply(world):
    s = step(world, slip(world, content="请于月底前完成理论学习整改。"), "sign", "reply")
    doc = Document(io.BytesIO(slip_docx(s)))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert s.number in text and "请于月底前完成理论学习整改。" in text
    assert "已完成整改" in text and s.problems.first().number in text
    assert "2026年12月15日" in text


def test_pages_sign_and_reply_from_a_phone(world, login):
    s = slip(world)
    client = login("township_office")
    page = client.get(f"/supervision/{s.pk}/")
    assert page.status_code == 200 and "签收" in page.content.decode()
    client.post(f"/supervision/{s.pk}/action/sign/", {"version": s.version})
    s.refresh_from_db()
    client.post(f"/supervision/{s.pk}/action/reply/", {"version": s.version, "reply": "已整改", "files": [pdf()]})
    s.refresh_from_db()
    assert s.status == SlipStatus.REPLIED and s.attachments.count() == 1
    received = client.get("/supervision/?tab=received").content.decode()
    assert s.number in received


def test_issue_form_preselects_a_problem(world, login):
    p = problem(world, "T1")
    page = login("county_office").get(f"/supervision/new/?problem={p.pk}").content.decode()
    assert p.number in page and 'value="T1"' in page


def test_api_issue_and_transition(world, login):
    p = problem(world, "T1")
    client = login("county_office")
    r = client.post("/api/v1/supervision/slips", {"kind": "warning", "unit": "T1", "content": "逾期预警",
                                                  "campaign": "test-campaign", "problems": [p.number],
                                                  "reply_deadline": "2026-12-20"}, content_type="application/json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["problems"] == [p.number] and body["kind"] == "warning"
    client = login("township_office")
    url = f"/api/v1/supervision/slips/{body['id']}/transition"
    r = client.post(url, {"action": "sign", "version": body["version"]}, content_type="application/json")
    assert r.status_code == 200 and r.json()["status"] == "signed"
    r = client.post(url, {"action": "close", "version": r.json()["version"]},
                    content_type="application/json")
    assert r.status_code == 403  # the target side may see the slip but not close it
    assert date.fromisoformat(body["reply_deadline"]) == date(2026, 12, 20)


def test_problem_page_links_to_the_issue_form_for_supervisors_only(world, login):
    p = problem(world, "V1")
    link = f"/supervision/new/?problem={p.pk}"
    assert link in login("county_office").get(f"/ledger/p/{p.pk}/").content.decode()
    assert link not in login("village_clerk").get(f"/ledger/p/{p.pk}/").content.decode()


def test_the_slip_list_offers_the_office_its_prefix(world, login):
    client = login("county_office")
    assert 'value="东县县委督字"' in client.get("/supervision/").content.decode()
    client.post("/supervision/prefix/", {"unit_code": "K1", "prefix": "东督字"})
    assert 'value="东督字"' in client.get("/supervision/").content.decode()
    assert "督办单编号前缀" not in login("village_clerk").get("/supervision/").content.decode()

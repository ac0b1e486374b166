import json

from django.core.management import call_command

from taizhang.audit.models import AuditEvent
from taizhang.audit.services import audit_record, verify_chain


def _run_verify(capsys):
    try:
        call_command("audit", "verify", "--json")
    except SystemExit:
        pass
    return json.loads(capsys.readouterr().out)


def test_the_chain_verifies_after_ordinary_work(world, capsys):
    audit_record(actor=world.county_office, action="test.one", object_repr="甲")
    audit_record(actor=world.county_office, action="test.two", object_repr="乙", changes={"金额": ["1", "2"]})
    result = _run_verify(capsys)
    assert result == {"ok": True, "events": AuditEvent.objects.count(), "keyed": True, "start": 1}


def test_altering_a_stored_event_breaks_the_chain_at_that_event(world, capsys):
    event = audit_record(actor=world.county_office, action="test.one", object_repr="原始内容")
    audit_record(actor=world.county_office, action="test.two", object_repr="后续")
    AuditEvent.objects.filter(pk=event.pk).update(object_repr="被改过的内容")
    result = _run_verify(capsys)
    assert result["ok"] is False
    assert result["broken"]["seq"] == event.seq
    assert "篡改" in result["broken"]["reason"]


def test_deleting_an_event_breaks_the_chain(world):
    first = audit_record(actor=None, action="test.one")
    audit_record(actor=None, action="test.two")
    AuditEvent.objects.filter(pk=first.pk).delete()
    assert verify_chain()["ok"] is False


def test_deleting_the_last_event_is_detected(world):
    audit_record(actor=None, action="test.one")
    last = audit_record(actor=None, action="test.two")
    AuditEvent.objects.filter(pk=last.pk).delete()
    result = verify_chain()
    assert result["ok"] is False and "链尾" in result["broken"]["reason"]


def test_logins_and_failed_logins_are_audited(client, world, password):
    client.post("/login/", {"username": "county_office", "password": "wrong-password"})
    client.post("/login/", {"username": "county_office", "password": password})
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["auth.login_failed", "auth.login"]
    client.post("/logout/")
    assert AuditEvent.objects.order_by("-seq").first().action == "auth.logout"


def test_the_auditor_filters_events_by_local_day(login, world):
    from django.utils import timezone

    audit_record(actor=world.county_office, action="test.today", object_repr="今天的操作")
    today = timezone.localdate().isoformat()
    body = login("auditor").get("/audit/", {"from": today, "to": today}).content.decode()
    assert "今天的操作" in body
    body = login("auditor").get("/audit/", {"from": "2020-01-01", "to": "2020-01-02"}).content.decode()
    assert "今天的操作" not in body

"""Item 9: denials are audit events (bounded); one client address function trusting only configured proxies,
used by the audit log and the lockout; the chain keyed with a secret outside the database; retention of at
least 180 days; the auditor searches and exports."""

import hashlib
import json
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from taizhang.audit import services as audit_services
from taizhang.audit.models import AuditChainHead, AuditEvent
from taizhang.audit.services import audit_record, prune_events, verify_chain
from taizhang.core.exceptions import ValidationFailed
from taizhang.core.middleware import client_ip

# --- denials ------------------------------------------------------------------------------------


def test_an_object_outside_the_scope_is_an_audit_event_once_per_window(world, login):
    client = login("outsider")
    assert client.get("/org/units/V1/").status_code == 404
    assert client.get("/org/units/V1/").status_code == 404
    events = AuditEvent.objects.filter(action="access.denied")
    assert events.count() == 1
    e = events[0]
    assert e.actor.username == "outsider" and e.changes == {"method": "GET", "path": "/org/units/V1/", "status": 404}


def test_a_page_the_role_does_not_open_is_an_audit_event(world, login):
    login("county_office").get("/audit/")
    assert AuditEvent.objects.filter(action="access.denied", object_repr="/audit/").count() == 1


def test_a_refused_action_is_an_audit_event(world, login):
    auditor = world.user("auditor")
    response = login("sysadmin").post(f"/org/users/{auditor.pk}/", {"reset": "1", "password": "Another-Pass-99!"})
    assert "三员账号" in response.content.decode()
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor.username == "sysadmin" and "三员账号" in event.changes["reason"]


def test_static_files_and_anonymous_requests_write_nothing(world, login, client):
    login("county_office").get("/static/taizhang/no-such-file.css")
    client.logout()
    assert client.get("/org/units/V1/").status_code == 302  # to the login page
    assert not AuditEvent.objects.filter(action__startswith="access.").exists()


def test_a_path_with_spaces_and_chinese_makes_a_safe_cache_key(world, login):
    import warnings

    from django.core.cache.backends.base import CacheKeyWarning

    client = login("outsider")
    path = "/ledger/p/整改 台账 %0A/" + "长" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        assert client.get(path).status_code == 404
        assert client.get(path).status_code == 404
    events = AuditEvent.objects.filter(action="access.denied")
    assert events.count() == 1 and events[0].changes["path"].startswith("/ledger/p/整改 台账")


def test_denials_are_capped_per_account(world, login):
    client = login("outsider")
    for i in range(40):
        client.get(f"/ledger/p/{900000 + i}/")
    assert AuditEvent.objects.filter(action="access.denied").count() == 30


# --- the client address -------------------------------------------------------------------------

def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_forwarded_for_is_ignored_without_trusted_proxies(settings):
    settings.TAIZHANG_TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "10.0.0.1")) == "203.0.113.9"


def test_forwarded_for_is_read_from_a_trusted_proxy_only(settings):
    settings.TAIZHANG_TRUSTED_PROXIES = ["10.0.0.5", "10.1.0.0/16"]
    # a client that writes its own header: the proxy appends the real address, which is what counts
    assert client_ip(_request("10.0.0.5", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    # two of our proxies in a row
    assert client_ip(_request("10.0.0.5", "198.51.100.7, 10.1.2.3")) == "198.51.100.7"
    # a header from someone who is not our proxy is not believed
    assert client_ip(_request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"
    assert client_ip(_request("10.0.0.5", "not-an-address")) == "10.0.0.5"


def test_the_audit_log_and_the_lockout_use_the_same_address(world, client, settings):
    settings.AXES_ENABLED = True
    settings.TAIZHANG_TRUSTED_PROXIES = ["10.0.0.5"]
    client.post("/login/", {"username": "village_clerk", "password": "wrong-Password-1"},
                REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    client.post("/login/", {"username": "village_clerk", "password": "wrong-Password-1"},
                REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7", "203.0.113.9"}
    failed = list(AuditEvent.objects.filter(action="auth.login_failed").order_by("seq").values_list("ip", flat=True))
    assert failed[-2:] == ["198.51.100.7", "203.0.113.9"]


# --- the keyed chain ----------------------------------------------------------------------------

def _rewrite_and_recompute(event_pk, new_repr, digest):
    """What someone with write access to the database does: change a row and recompute every hash after it."""
    e = AuditEvent.objects.get(pk=event_pk)
    AuditEvent.objects.filter(pk=e.pk).update(object_repr=new_repr)
    prev = e.prev_hash
    for row in AuditEvent.objects.filter(seq__gte=e.seq).order_by("seq"):
        new = digest(row, prev)
        AuditEvent.objects.filter(pk=row.pk).update(prev_hash=prev, hash=new)
        prev = new
    AuditChainHead.objects.filter(pk=1).update(hash=prev)


def _plain_sha256(row, prev):
    return audit_services._event_digest(row, prev_hash=prev, key="")


def test_rewriting_rows_and_recomputing_the_chain_without_the_key_is_detected(world):
    event = audit_record(actor=world.user("county_office"), action="test.one", object_repr="整改问题甲")
    audit_record(actor=world.user("county_office"), action="test.two", object_repr="整改问题乙")
    assert verify_chain()["ok"]
    _rewrite_and_recompute(event.pk, "篡改后的内容", _plain_sha256)
    result = verify_chain()
    assert not result["ok"] and result["broken"]["seq"] <= event.seq


def test_a_recomputed_chain_with_another_key_is_detected_too(world):
    event = audit_record(actor=None, action="test.one", object_repr="甲")
    _rewrite_and_recompute(event.pk, "乙", lambda row, prev: audit_services._event_digest(
        row, prev_hash=prev, key="a-guessed-key-that-is-long-enough-000000"))
    assert not verify_chain()["ok"]


def test_without_a_key_the_same_rewrite_would_pass(world, settings):
    """Why the key matters: a plain SHA-256 chain recomputed by the writer verifies."""
    settings.TAIZHANG_AUDIT_KEY = ""
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.update(seq=0, hash="0" * 64, base_seq=0, base_hash="0" * 64)
    event = audit_record(actor=None, action="test.one", object_repr="甲")
    audit_record(actor=None, action="test.two", object_repr="乙")
    _rewrite_and_recompute(event.pk, "丙", _plain_sha256)
    assert verify_chain()["ok"]


def test_sealing_keys_a_chain_written_before_the_key(world, settings):
    settings.TAIZHANG_AUDIT_KEY = ""
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.update(seq=0, hash="0" * 64, base_seq=0, base_hash="0" * 64)
    audit_record(actor=None, action="test.one", object_repr="甲")
    settings.TAIZHANG_AUDIT_KEY = "the-new-audit-key-kept-in-a-file-0123456789"
    result = verify_chain()
    assert not result["ok"] and "taizhang audit seal" in result["broken"]["reason"]
    out = StringIO()
    call_command("audit", "seal", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"ok": True, "events": 1}
    assert verify_chain() == {"ok": True, "events": 2, "keyed": True, "start": 1}


# --- retention ----------------------------------------------------------------------------------

def _fresh_chain_with_old_events(world, old_days=200, old=3, recent=2):
    AuditEvent.objects.all().delete()
    AuditChainHead.objects.update(seq=0, hash="0" * 64, base_seq=0, base_hash="0" * 64)
    then = timezone.now() - timedelta(days=old_days)
    with mock.patch("taizhang.audit.services.timezone.now", return_value=then):
        for i in range(old):
            audit_record(actor=None, action="test.old", object_repr=f"旧{i}")
    for i in range(recent):
        audit_record(actor=None, action="test.new", object_repr=f"新{i}")


def test_the_prune_command_refuses_less_than_180_days(world):
    _fresh_chain_with_old_events(world)
    with pytest.raises(CommandError, match="至少保存 180 天"):
        call_command("audit", "prune", "--days", "179")
    with pytest.raises(ValidationFailed):
        prune_events(days=30)
    assert AuditEvent.objects.count() == 5


def test_pruning_keeps_the_chain_verifiable(world):
    _fresh_chain_with_old_events(world)
    out = StringIO()
    call_command("audit", "prune", "--days", "180", "--json", stdout=out)
    assert json.loads(out.getvalue())["deleted"] == 3
    assert list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)) == [
        "test.new", "test.new", "audit.prune"]
    assert verify_chain() == {"ok": True, "events": 3, "keyed": True, "start": 4}


def test_deleting_the_oldest_events_and_moving_the_start_is_detected(world):
    _fresh_chain_with_old_events(world, old=0, recent=4)
    first, second = AuditEvent.objects.order_by("seq")[:2]
    AuditEvent.objects.filter(pk__in=[first.pk, second.pk]).delete()
    AuditChainHead.objects.update(base_seq=second.seq, base_hash=second.hash)
    result = verify_chain()
    assert not result["ok"] and "清理记录" in result["broken"]["reason"]


def test_the_retention_setting_cannot_be_below_180_days(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "TAIZHANG_DATA_DIR": str(tmp_path),
           "TAIZHANG_AUDIT_RETENTION_DAYS": "90"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=settings.BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "TAIZHANG_AUDIT_RETENTION_DAYS" in result.stderr


# --- the auditor searches and exports -----------------------------------------------------------

def test_the_auditor_searches_by_address_and_exports_what_was_found(world, login):
    audit_record(actor=world.user("county_office"), action="test.one", object_repr="从外网", ip="198.51.100.7",
                 unit=world.unit("P"))
    audit_record(actor=world.user("county_office"), action="test.two", object_repr="从内网", ip="10.8.0.3",
                 unit=world.unit("P"))
    client = login("auditor")
    page = client.get("/audit/", {"ip": "198.51.100"}).content.decode()
    assert "从外网" in page and "从内网" not in page
    csv = b"".join(client.get("/audit/export.csv", {"ip": "198.51.100"}).streaming_content).decode("utf-8-sig")
    assert "从外网" in csv and "从内网" not in csv
    assert AuditEvent.objects.filter(action="audit.export", changes__ip="198.51.100").exists()


def test_plain_sha256_helper_matches_the_unkeyed_digest(world):
    """The test's attacker computes the very digest an unkeyed chain uses (so the tests above are meaningful)."""
    e = audit_record(actor=None, action="test.one", object_repr="甲")
    payload_digest = _plain_sha256(e, e.prev_hash)
    assert len(payload_digest) == 64 and payload_digest != e.hash
    assert hashlib.sha256(b"").hexdigest() != payload_digest

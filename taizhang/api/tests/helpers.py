"""Assertions the API tests of every app share."""

from taizhang.audit.models import AuditEvent, StatusChange

PAGE_KEYS = {"count", "count_capped", "page", "page_size", "has_next", "items"}


def items(response) -> list:
    """The rows of a list route's page, after checking the page has the one shape every list has."""
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert set(body) == PAGE_KEYS, body
    return body["items"]


def _state(obj):
    return (type(obj)._base_manager.filter(pk=obj.pk).values().get(), AuditEvent.objects.count(),
            StatusChange.objects.count())


def assert_version_required(client, url, body: dict, obj, *, stale: int, method: str = "post") -> None:
    """`url` refuses `body` without `version` (422 naming it) and with the `stale` version (409 naming who changed
    the record), and neither request changes the record or writes an audit event or status change."""
    before = _state(obj)
    send = getattr(client, method)
    missing = send(url, body, content_type="application/json")
    assert missing.status_code == 422, missing.content[:500]
    assert "version" in missing.json()["message"] and "缺少" in missing.json()["message"]
    conflict = send(url, {**body, "version": stale}, content_type="application/json")
    assert conflict.status_code == 409, conflict.content[:500]
    assert "该记录已被" in conflict.json()["message"]
    assert _state(obj) == before

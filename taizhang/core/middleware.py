"""Keeps the current request's client address where audit writes can find it."""

import contextvars
import ipaddress
from functools import lru_cache

from django.conf import settings

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def set_current_ip(ip: str | None):
    """Used by the CLI and tasks, which have no request, to label their audit events."""
    return _client_ip.set(ip)


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address — the one function the audit log and the login lockout use.

    X-Forwarded-For is believed only when the connection comes from a proxy listed in TAIZHANG_TRUSTED_PROXIES;
    then the entries are read from the right (the ones our proxies appended) and the first address that is not
    one of our proxies is the client. Whatever a client writes into the header itself is further left and never
    read. Without trusted proxies the header is ignored and the connection's address is the client."""
    remote = (request.META.get("REMOTE_ADDR") or "")[:45] or None
    networks = _networks(tuple(settings.TAIZHANG_TRUSTED_PROXIES))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not forwarded or not networks or remote is None or not _trusted(remote, networks):
        return remote
    for entry in reversed([part.strip() for part in forwarded.split(",")]):
        if not entry:
            continue
        try:
            ipaddress.ip_address(entry)
        except ValueError:
            return remote  # a malformed chain: keep what we know for certain
        if not _trusted(entry, networks):
            return entry[:45]
    return remote


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)

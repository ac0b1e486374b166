"""Keeps the current request's client address where audit writes can find it."""

import contextvars

_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


def set_current_ip(ip: str | None):
    """Used by the CLI and tasks, which have no request, to label their audit events."""
    return _client_ip.set(ip)


def client_ip(request) -> str | None:
    # Behind the reverse proxy of docs/design.md §6 the first X-Forwarded-For entry is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if forwarded:
        return forwarded.split(",")[0].strip()[:45]
    return request.META.get("REMOTE_ADDR")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)

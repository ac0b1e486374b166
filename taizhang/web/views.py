"""Views shared by the whole site: health, error pages, and helpers every app's views use."""

from __future__ import annotations

import sys
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from taizhang.core.exceptions import NotFound, PermissionDenied, TaizhangError, ValidationFailed
from taizhang.core.faults import fault_response, readiness
from taizhang.orgs.scope import has_any_role, require_any_action


def form_apply_error(form, exc: TaizhangError) -> None:
    """Put a service error on the form: under its field where the service named one, else on top."""
    errors = getattr(exc, "errors", None) or {}
    placed = False
    for field, msgs in errors.items():
        if field in form.fields:
            for msg in msgs:
                form.add_error(field, msg)
            placed = True
    if not placed:
        if exc.field and exc.field in form.fields:
            form.add_error(exc.field, exc.message)
        else:
            form.add_error(None, exc.message)


def service_errors(view):
    """Turn NotFound into 404 and PermissionDenied into a 404 as well where the user cannot see the object.

    Views call selectors that raise NotFound for out-of-scope objects; no view answers 403 with data.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
    return wrapper


def _guarded(check):
    """The decorator of a signed-in page: `check(user)` raises Http404 for those the page does not exist for, and a
    selector's NotFound answers 404."""

    def decorator(view):
        @wraps(view)
        @login_required
        @service_errors
        def wrapper(request, *args, **kwargs):
            check(request.user)
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


def page(*actions: str):
    """A signed-in page whose selectors' NotFound answers 404; with `actions`, a page that exists only for holders
    of a role granting one of them (404 for the others, as for every object outside a user's scope)."""
    return _guarded(lambda user: require_any_action(user, *actions) if actions else None)


def require_roles(*roles):
    """Page only for holders of one of `roles`; others get 404 (the page does not exist for them)."""

    def check(user):
        if not has_any_role(user, *roles):
            raise Http404("页面不存在")
    return _guarded(check)


def posted_version(request) -> int | None:
    """The record version a form was loaded with (hidden field `version`), or None when absent."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def flash_error(request, exc: TaizhangError) -> None:
    """A service error as the page's error message, in the service's own (Chinese) words."""
    messages.error(request, exc.message)


@require_GET
def health(request):
    """Liveness for the reverse proxy: the process answers and the database answers. Always JSON: 200
    `{"ok": true}`, or 503 `{"ok": false, "message": …}` while the database cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return fault_response(request, exc) or JsonResponse({"ok": False, "message": "数据库查询失败"}, status=503)
    return JsonResponse({"ok": True})


@require_GET
def ready(request):
    """Readiness: whether this server can do its work now — the database answers, Redis answers (when
    configured), and the data directories can be written. 200 or 503 JSON naming each check."""
    checks = readiness()
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)


def bad_request(request, exception=None):
    return _error(request, 400, "请求无效", "提交的内容无法处理，请返回后重试。")


def permission_denied(request, exception=None):
    return _error(request, 403, "没有权限", "您没有执行此操作的权限。")


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在", "您访问的页面不存在，或不在您的权限范围内。")


def server_error(request):
    # A database that went away or a full disk is not a bug of ours: 503/507 with its own message.
    fault = fault_response(request, sys.exc_info()[1])
    if fault is not None:
        return fault
    return _error(request, 500, "系统错误", "系统处理时出现错误，已记录，请稍后再试。")


def _error(request, status: int, title: str, text: str) -> HttpResponse:
    # Clients of the API read JSON, whatever went wrong: an unknown route, a refused request, a server error.
    if request.path_info.startswith("/api/") or request.path_info in ("/healthz", "/readyz"):
        return JsonResponse({"message": f"{title}：{text}"}, status=status)
    return render(request, "web/error.html", {"status": status, "title": title, "text": text}, status=status)


__all__ = ["form_apply_error", "service_errors", "require_roles", "flash_error", "ValidationFailed",
           "PermissionDenied"]

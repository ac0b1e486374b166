"""Session rules after authentication: an absolute session limit, the second factor after the password; and
permission denials recorded in the audit log."""

from __future__ import annotations

import contextvars
import hashlib
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from taizhang.security.signals import OTP_REQUIRED_KEY, SESSION_STARTED_KEY

SESSION_ENDED = "登录已超过 {hours} 小时，为保证安全请重新登录"


class SessionSecurityMiddleware:
    """After AuthenticationMiddleware and django-otp's OTPMiddleware:

    - a session older than TAIZHANG_SESSION_MAX_HOURS since its login ends, however active (the idle timeout is
      SESSION_COOKIE_AGE);
    - an account with an authenticator that has not given its code this session reaches only 输入动态口令;
      one whose role requires a second factor and has none reaches only 绑定身份验证器 (and logout)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: set[str] | None = None

    def exempt(self) -> set[str]:
        if self._exempt is None:
            self._exempt = {reverse("security:otp_verify"), reverse("security:otp_setup"), reverse("logout"),
                            reverse("health")}
        return self._exempt

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        started = request.session.get(SESSION_STARTED_KEY)
        now = time.time()
        if started is None:
            request.session[SESSION_STARTED_KEY] = now
        elif now - started > settings.TAIZHANG_SESSION_MAX_HOURS * 3600:
            logout(request)
            text = SESSION_ENDED.format(hours=settings.TAIZHANG_SESSION_MAX_HOURS)
            if request.path_info.startswith("/api/"):
                return JsonResponse({"message": text, "code": "session_expired"}, status=401)
            messages.warning(request, text)
            return redirect(f"{reverse('login')}?next={request.path}")
        if not user.is_verified() and request.path_info not in self.exempt() \
                and not request.path_info.startswith(settings.STATIC_URL):
            target = self._second_factor(request, user)
            if target:
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"message": "请先完成双因素认证", "code": "otp_required"}, status=403)
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _second_factor(request, user) -> str | None:
        from taizhang.security.otp import confirmed_device, otp_required

        if confirmed_device(user) is not None:
            return reverse("security:otp_verify")
        required = request.session.get(OTP_REQUIRED_KEY)
        if required is None:  # a session from before this rule: decide once
            required = request.session[OTP_REQUIRED_KEY] = otp_required(user)
        return reverse("security:otp_setup") if required else None


# --- permission denials as audit events --------------------------------------------------------------

_refusals: contextvars.ContextVar[list | None] = contextvars.ContextVar("tz_refusals", default=None)


def note_refusal(message: str) -> None:
    """Called when a service refuses an action (core.exceptions.PermissionDenied): the request's denial
    middleware writes it to the audit log, whatever front end caught it."""
    bucket = _refusals.get()
    if bucket is not None:
        bucket.append(message)


DENIAL_WINDOW = 600  # seconds: one event per account, path and status in this window
DENIAL_CAP = 30  # at most this many denial events per account in the window; the rest are counted


class DenialAuditMiddleware:
    """Writes `access.denied` for a 403 or 404 answered to a signed-in account (an object outside its scope, a
    page its roles do not open) and for an action a service refused; not for static files or anonymous requests
    (those go to the login page). Bounded: the same account, path and status is written once per 10 minutes,
    and at most DENIAL_CAP events per account per 10 minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bucket: list = []
        token = _refusals.set(bucket)
        try:
            response = self.get_response(request)
        finally:
            _refusals.reset(token)
        status = response.status_code
        if (status in (403, 404) or bucket) and not request.path_info.startswith(settings.STATIC_URL):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                record_denial(request, user, status, bucket[0] if bucket else "")
        return response


def record_denial(request, user, status: int, refusal: str) -> None:
    from taizhang.audit.services import audit_record

    kind = "refused" if refusal else str(status)
    # The path is the client's text (spaces, Chinese, any length): hashed, the key stays short and safe for every
    # cache backend (memcached refuses spaces and control characters, which Django warns about).
    path_hash = hashlib.sha256(request.path_info.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    key = f"tz-denied:{user.pk}:{kind}:{request.method}:{path_hash}"
    cap_key = f"tz-denied-count:{user.pk}"
    if not cache.add(key, 1, timeout=DENIAL_WINDOW):
        return
    count = cache.get_or_set(cap_key, 0, timeout=DENIAL_WINDOW)
    try:
        cache.incr(cap_key)
    except ValueError:
        pass
    if count >= DENIAL_CAP:
        return
    changes = {"method": request.method, "path": request.path_info[:200], "status": status}
    if refusal:
        changes["reason"] = refusal[:200]
    audit_record(actor=user, action="access.refused" if refusal else "access.denied",
                 object_repr=request.path_info[:200], changes=changes, unit=getattr(user, "unit", None))

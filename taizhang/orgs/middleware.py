"""Accounts whose password an administrator reset, or whose password has expired, reach nothing but the change
page until they change it."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

MESSAGE = "您的密码已被管理员重置，请先修改密码"
EXPIRED_MESSAGE = "您的密码已超过规定期限未修改，请先修改密码"
# Set in the session at login when the password is older than TAIZHANG_PASSWORD_MAX_AGE_DAYS
# (taizhang.security.signals); cleared when the password is changed.
PASSWORD_EXPIRED_KEY = "tz_password_expired"


class PasswordChangeRequiredMiddleware:
    """After a reset (User.must_change_password) every page redirects to 修改密码 and every API call answers
    a JSON 403, except the change page itself, logout and the health check. Without this, whoever reset the
    password could use the account as long as the holder does not notice."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._exempt: set[str] | None = None

    def exempt(self) -> set[str]:
        if self._exempt is None:
            # the second factor comes first (taizhang.security.middleware): its pages stay reachable
            self._exempt = {reverse("orgs:password_change"), reverse("logout"), reverse("health"),
                            reverse("security:otp_verify"), reverse("security:otp_setup")}
        return self._exempt

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        reset = getattr(user, "must_change_password", False)
        if reset or request.session.get(PASSWORD_EXPIRED_KEY):
            if request.path_info not in self.exempt():
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"detail": MESSAGE if reset else EXPIRED_MESSAGE,
                                         "code": "password_change_required"}, status=403)
                return redirect("orgs:password_change")
        return self.get_response(request)

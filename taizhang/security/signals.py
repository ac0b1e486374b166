"""At login: the session's start (absolute limit) and the password's age; lockouts are audit events."""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.middleware import client_ip
from taizhang.orgs.middleware import PASSWORD_EXPIRED_KEY
from taizhang.security.passwords import password_expired

SESSION_STARTED_KEY = "tz_session_started"
# Whether the account's roles require a second factor, decided at login (a policy change applies from the
# next login), so that no page pays for reading the policy.
OTP_REQUIRED_KEY = "tz_otp_required"


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    from taizhang.security.otp import otp_required

    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()
    request.session[OTP_REQUIRED_KEY] = otp_required(user)
    if password_expired(user):
        request.session[PASSWORD_EXPIRED_KEY] = True


@receiver(user_locked_out)
def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """One audit event per lockout: axes signals again for every attempt during it, which is not recorded
    again (the cache remembers the lockout for its cool-off)."""
    ip = ip_address or (client_ip(request) if request is not None else "") or ""
    by_address = bool(getattr(request, "tz_address_blocked", False))
    key = f"tz-lockout:{'address' if by_address else 'account'}:{ip}:{'' if by_address else username}"
    minutes = max(int(settings.AXES_COOLOFF_TIME * 60), 1)
    if not cache.add(key, 1, timeout=minutes * 60):
        return
    audit_record(actor=None, action="auth.lockout_address" if by_address else "auth.lockout",
                 object_repr=ip if by_address else str(username or "")[:150],
                 changes={"username": str(username or "")[:150], "ip": ip, "minutes": minutes,
                          "limit": settings.TAIZHANG_LOGIN_ADDRESS_LIMIT if by_address else settings.AXES_FAILURE_LIMIT},
                 ip=ip)

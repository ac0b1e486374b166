"""Logins, failed logins and logouts are audit events (docs/design.md §3, 等保 2.0)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from taizhang.audit.services import audit_record
from taizhang.core.middleware import client_ip


def _ip(request):
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    audit_record(actor=user, action="auth.login", obj=user, unit=user.unit, ip=_ip(request))


@receiver(user_logged_out)
def _on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, unit=user.unit, ip=_ip(request))


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    audit_record(actor=None, action="auth.login_failed", object_repr=username, changes={"username": username},
                 ip=_ip(request))

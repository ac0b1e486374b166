"""Login lockout beyond django-axes' per account and address: a limit per address across user names
(password spraying), and the security administrator's view of the lockouts with the means to lift them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import NotFound, PermissionDenied
from taizhang.core.middleware import client_ip
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role


def _threshold():
    return timezone.now() - get_cool_off()


def address_usernames(ip: str | None, request=None) -> int:
    """How many different user names failed to log in from `ip` within the cool-off."""
    if not ip:
        return 0
    return (AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=_threshold())
            .values("username").distinct().count())


def address_blocked(ip: str | None, request=None) -> bool:
    return address_usernames(ip, request) >= settings.TAIZHANG_LOGIN_ADDRESS_LIMIT


class AddressLimitBackend:
    """Second in AUTHENTICATION_BACKENDS, after axes' own: refuses every login from an address that failed
    for TAIZHANG_LOGIN_ADDRESS_LIMIT different user names within the cool-off. The refusal is a lockout for
    axes (its page, status 429), and axes records nothing for it, so attempts during the block do not extend it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not settings.AXES_ENABLED:
            return None
        if address_blocked(client_ip(request), request):
            request.axes_locked_out = True
            request.tz_address_blocked = True
            raise DjangoPermissionDenied("address blocked")
        return None


@dataclass
class Lockout:
    kind: str  # "account" (one user name from one address) or "address" (every user name from the address)
    username: str
    ip: str
    failures: int
    last_at: datetime
    until: datetime

    @property
    def kind_label(self) -> str:
        return "账号" if self.kind == "account" else "地址（多个账号）"


def lockouts() -> list[Lockout]:
    """Lockouts in force now: accounts past the failure limit, addresses past the user-name limit."""
    threshold = _threshold()
    cool_off = get_cool_off()
    rows = AccessAttempt.objects.filter(attempt_time__gte=threshold)
    out = [Lockout("account", a.username or "", a.ip_address or "", a.failures_since_start, a.attempt_time,
                   a.attempt_time + cool_off)
           for a in rows.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")]
    for row in (rows.values("ip_address").annotate(names=Count("username", distinct=True), last=Max("attempt_time"))
                .filter(names__gte=settings.TAIZHANG_LOGIN_ADDRESS_LIMIT).order_by("-last")):
        out.append(Lockout("address", f"{row['names']} 个用户名", row["ip_address"] or "", row["names"],
                           row["last"], row["last"] + cool_off))
    return out


@transaction.atomic
def lockout_release(*, actor, kind: str, ip: str, username: str = "") -> int:
    """Lift a lockout (安全管理员): an account's from one address, or an address's. An audit event."""
    if actor is not None and not has_any_role(actor, P.SECADMIN):
        raise PermissionDenied("只有安全管理员可以解除锁定")
    rows = AccessAttempt.objects.filter(ip_address=ip)
    if kind == "account":
        rows = rows.filter(username=username)
    elif kind != "address":
        raise NotFound("锁定记录不存在")
    count, _ = rows.delete()
    if not count:
        raise NotFound("锁定记录不存在或已解除")
    cache.delete(f"tz-lockout:{kind}:{ip}:{username if kind == 'account' else ''}")
    audit_record(actor=actor, action="lockout.release", object_repr=username if kind == "account" else ip,
                 changes={"kind": kind, "username": username, "ip": ip},
                 unit=getattr(actor, "unit", None))
    return count

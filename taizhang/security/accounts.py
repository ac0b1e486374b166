"""Accounts the security administrator should look at: default passwords, initial passwords never changed,
dormant accounts (docs/security.md). Read by the 账号安全 page and `taizhang security accounts --json`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db.models import Exists, OuterRef
from django.utils import timezone

from taizhang.orgs import permissions as P
from taizhang.orgs.models import User
from taizhang.orgs.scope import scope_q

# Passwords that ship with something or that people type first; the demo's is among them.
KNOWN_DEFAULTS = ("Taizhang@2023", "123456", "12345678", "password", "Admin@123", "Aa123456", "Admin123!",
                  "P@ssw0rd", "Abc@1234")

REASONS = {
    "default_password": "使用默认或演示密码",
    "shared_password": "与其他账号使用同一密码（批量设置的初始密码）",
    "initial_password": "初始密码或重置后的密码尚未由本人修改",
    "never_logged_in": "创建后从未登录",
    "dormant": "长期未登录",
}


@dataclass
class Flagged:
    user: User
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_labels(self) -> list[str]:
        return [REASONS[r] for r in self.reasons]

    def as_dict(self) -> dict:
        u = self.user
        return {"username": u.username, "name": u.display_name, "unit": u.unit.code if u.unit_id else "",
                "unit_name": u.unit.name if u.unit_id else "", "active": u.is_active,
                "last_login": u.last_login.isoformat() if u.last_login else None,
                "date_joined": u.date_joined.isoformat(), "reasons": self.reasons,
                "reason_labels": self.reason_labels}


def accounts_in_scope(actor):
    """Accounts placed in the security administrator's units (every account for the operator, actor None)."""
    qs = User.objects.filter(is_active=True).select_related("unit")
    if actor is None:
        return qs
    q = scope_q(actor, P.MANAGE_ROLES, field="unit")
    return qs.none() if q is None else qs.filter(q)


def flagged_accounts(actor, *, now=None) -> list[Flagged]:
    """Every active account in scope with at least one reason. Known default passwords are checked against
    hashes that several accounts share (Argon2 salts differ, so a shared hash was set in bulk — the demo's, an
    import's); checking every account's hash against every default would take minutes with Argon2."""
    from taizhang.security.models import PasswordHistory

    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TAIZHANG_DORMANT_DAYS)
    holder_set = PasswordHistory.objects.filter(user=OuterRef("pk"), by_holder=True)
    any_history = PasswordHistory.objects.filter(user=OuterRef("pk"))
    users = list(accounts_in_scope(actor).annotate(holder_set=Exists(holder_set), has_history=Exists(any_history))
                 .order_by("unit__path", "username"))
    shared = Counter(User.objects.filter(is_active=True).values_list("password", flat=True))
    defaults = {h for h, n in shared.items() if n > 1 and any(check_password(p, h) for p in KNOWN_DEFAULTS)}
    out = []
    for u in users:
        reasons = []
        if u.password in defaults:
            reasons.append("default_password")
        elif shared.get(u.password, 0) > 1:
            reasons.append("shared_password")
        if u.must_change_password or (u.has_history and not u.holder_set):
            reasons.append("initial_password")
        if u.last_login is None:
            reasons.append("never_logged_in")
            if u.date_joined < cutoff:
                reasons.append("dormant")
        elif u.last_login < cutoff:
            reasons.append("dormant")
        if reasons:
            out.append(Flagged(u, reasons))
    return out


def counts(flagged: list[Flagged]) -> dict[str, int]:
    c = Counter(r for f in flagged for r in f.reasons)
    return {k: c.get(k, 0) for k in REASONS}


__all__ = ["flagged_accounts", "counts", "REASONS", "KNOWN_DEFAULTS"]

"""Second factor: TOTP from an authenticator app (django-otp), backup codes, and who must use it.

The login asks for the code after the password (SessionSecurityMiddleware leads a signed-in but unverified
account to 输入动态口令, or to 绑定 for an account whose role requires a second factor and has none yet).
API tokens are not affected: a token is made on the profile page by an account that passed the second factor.
"""

from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from taizhang.audit.services import audit_record
from taizhang.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import has_any_role, user_assignments
from taizhang.security.models import SecurityPolicy

BACKUP_CODES = 10
DEVICE_NAME = "身份验证器"
_POLICY_CACHE = "tz-security-policy"


def env_roles() -> frozenset[str]:
    """Roles the environment makes the second factor mandatory for (the page cannot lift these)."""
    return frozenset(r for r in settings.TAIZHANG_OTP_REQUIRED_ROLES if r in P.ROLE_LABELS)


def policy_roles() -> frozenset[str]:
    roles = cache.get(_POLICY_CACHE)
    if roles is None:
        row = SecurityPolicy.objects.filter(pk=1).first()
        roles = sorted(row.otp_roles) if row else []
        cache.set(_POLICY_CACHE, roles, 60)
    return frozenset(roles)


def required_roles() -> frozenset[str]:
    return env_roles() | policy_roles()


def otp_required(user) -> bool:
    roles = required_roles()
    return bool(roles) and any(a.role in roles for a in user_assignments(user))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def policy_set(*, actor, roles: list[str]) -> frozenset[str]:
    """The security administrator sets the roles that must use a second factor (an audit event)."""
    if actor is not None and not has_any_role(actor, P.SECADMIN):
        raise PermissionDenied("只有安全管理员可以设置双因素认证策略")
    unknown = [r for r in roles if r not in P.ROLE_LABELS]
    if unknown:
        raise ValidationFailed(f"角色「{'、'.join(unknown)}」无效", field="roles")
    row, _ = SecurityPolicy.objects.select_for_update().get_or_create(pk=1)
    before = sorted(row.otp_roles)
    row.otp_roles = sorted(set(roles))
    row.updated_by = actor if getattr(actor, "pk", None) else None
    row.save()
    cache.delete(_POLICY_CACHE)
    if before != row.otp_roles:
        audit_record(actor=actor, action="security.otp_policy", object_repr="双因素认证策略",
                     changes={"otp_roles": [before, row.otp_roles]}, unit=getattr(actor, "unit", None))
    return frozenset(row.otp_roles)


def enrolment_device(user) -> TOTPDevice:
    """The account's unconfirmed device for enrolment (a new secret each time enrolment starts afresh)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code, drawn on the server (no network, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#212529")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def enrol_confirm(*, request, user, code: str) -> list[str]:
    """Confirm enrolment with a code from the app; returns the new backup codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise ValidationFailed("请先扫描二维码", field="code")
    if not device.verify_token((code or "").replace(" ", "")):
        raise ValidationFailed("动态口令不正确，请核对手机时间后输入验证器当前显示的 6 位数字", field="code")
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit_record(actor=user, action="security.otp_enrol", obj=user, unit=user.unit)
    otp_login(request, device)
    return codes


def backup_code_digest(user_id: int, code: str) -> str:
    """What is stored for a backup code: a keyed hash (HMAC-SHA256 with the site's secret key, bound to the
    account), cut to the 16 characters django-otp's token column holds. A copy of the database alone neither shows
    the codes nor lets anyone try the 10^8 possible codes offline without the key."""
    return salted_hmac("taizhang.security.backup-code", f"{user_id}:{code}", algorithm="sha256").hexdigest()[:16]


def _new_backup_codes(user) -> list[str]:
    static, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "备用码", "confirmed": True})
    static.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=backup_code_digest(user.pk, c))
                                     for c in codes])
    return codes


@transaction.atomic
def backup_codes_renew(*, user) -> list[str]:
    if confirmed_device(user) is None:
        raise ValidationFailed("请先绑定身份验证器")
    codes = _new_backup_codes(user)
    audit_record(actor=user, action="security.otp_backup_codes", obj=user, unit=user.unit)
    return codes


def verify(*, request, user, code: str) -> bool:
    """The code after the password: a TOTP code, or a backup code (each works once). django-otp slows down
    repeated wrong codes on the device (throttling); a wrong code is an audit event."""
    code = (code or "").replace(" ", "").strip()
    device = confirmed_device(user)
    if device is not None and code:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(code):
            otp_login(request, device)
            return True
        static = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if static is not None and code.isdigit() and static.verify_token(backup_code_digest(user.pk, code)):
            otp_login(request, static)
            audit_record(actor=user, action="security.otp_backup_used", obj=user, unit=user.unit)
            return True
    audit_record(actor=user, action="security.otp_failed", obj=user, unit=user.unit)
    return False


@transaction.atomic
def otp_reset(*, actor, user) -> None:
    """The security administrator removes an account's second factor (lost phone): the holder enrols again
    at the next login if the role requires it. An audit event; nobody resets their own this way."""
    if actor is not None:
        if not has_any_role(actor, P.SECADMIN):
            raise PermissionDenied("只有安全管理员可以重置双因素认证")
        if actor.pk == user.pk:
            raise PermissionDenied("不能重置自己的双因素认证")
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    if not removed:
        raise NotFound(f"「{user}」没有绑定身份验证器")
    audit_record(actor=actor, action="security.otp_reset", obj=user, unit=user.unit,
                 changes={"username": user.username})

"""Password rules (validators in AUTH_PASSWORD_VALIDATORS), the history they check and password expiry."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

CLASSES = (
    ("小写字母", re.compile(r"[a-z]")),
    ("大写字母", re.compile(r"[A-Z]")),
    ("数字", re.compile(r"[0-9]")),
    ("符号", re.compile(r"[^a-zA-Z0-9]")),
)


class MinimumLengthValidator:
    """At least `min_length` characters (Django's own says so only in English)."""

    def __init__(self, min_length: int = 8):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password or "") < self.min_length:
            raise ValidationError(f"密码至少 {self.min_length} 个字符（现有 {len(password or '')} 个）",
                                  code="password_too_short")

    def get_help_text(self):
        return f"密码至少 {self.min_length} 个字符"


class CharacterClassValidator:
    """At least three of the four kinds of character: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, pattern in CLASSES if pattern.search(password or "")]
        if len(present) < self.min_classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类（现有 {len(present)} 类）",
                code="password_classes")

    def get_help_text(self):
        return f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类"


class UsernameValidator:
    """The password may not contain the user name (either way round), whatever the case."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if len(username) < 3:
            return
        text = (password or "").lower()
        if username in text or username[::-1] in text:
            raise ValidationError("密码不能包含用户名", code="password_has_username")

    def get_help_text(self):
        return "密码不能包含用户名"


class HistoryValidator:
    """None of the account's last TAIZHANG_PASSWORD_HISTORY passwords (the current one included)."""

    def validate(self, password, user=None):
        if user is None or not getattr(user, "pk", None):
            return
        if used_before(user, password):
            raise ValidationError(f"新密码不能与最近 {settings.TAIZHANG_PASSWORD_HISTORY} 次使用过的密码相同",
                                  code="password_reused")

    def get_help_text(self):
        return f"不能与最近 {settings.TAIZHANG_PASSWORD_HISTORY} 次使用过的密码相同"


def used_before(user, password: str) -> bool:
    from taizhang.orgs.models import User
    from taizhang.security.models import PasswordHistory

    count = settings.TAIZHANG_PASSWORD_HISTORY
    hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:count])
    current = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
    if current and current not in hashes:
        hashes = [current, *hashes][:count]
    return any(check_password(password, encoded) for encoded in hashes if encoded)


def record_password(user, *, by_holder: bool) -> None:
    """Keep the hash of the password just set (call after user.save()); older rows beyond the history are
    dropped."""
    from taizhang.security.models import PasswordHistory

    PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now(), by_holder=by_holder)
    keep = list(PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[:settings.TAIZHANG_PASSWORD_HISTORY])
    PasswordHistory.objects.filter(user=user).exclude(pk__in=keep).delete()


def password_changed_at(user) -> datetime:
    """When the password was last set: the newest history row, else when the account was created."""
    from taizhang.security.models import PasswordHistory

    row = PasswordHistory.objects.filter(user=user).values_list("set_at", flat=True).first()
    return row or user.date_joined


def password_expired(user, now: datetime | None = None) -> bool:
    days = settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    return (now or timezone.now()) - password_changed_at(user) > timedelta(days=days)

"""Password history and the security administrator's policy (docs/security.md)."""

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """One password an account has had: its hash (never the password), when it was set and by whom.
    The newest row's `set_at` is when the password was last changed (expiry); the last N hashes may not be
    chosen again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码哈希", max_length=128)
    set_at = models.DateTimeField("设置时间", db_index=True)
    by_holder = models.BooleanField("本人设置", default=False)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-set_at", "-id"]
        indexes = [models.Index(fields=["user", "-set_at"])]


class SecurityPolicy(models.Model):
    """The single row of settings the security administrator (安全管理员) sets on the page: the roles whose
    holders must use a second factor (on top of TAIZHANG_OTP_REQUIRED_ROLES, which the page cannot lift)."""

    otp_roles = models.JSONField("须使用双因素认证的角色", default=list, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "安全策略"
        verbose_name_plural = "安全策略"

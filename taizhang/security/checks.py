"""taizhang's own deploy checks (`taizhang check --deploy [--json]`), beside Django's security checks."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from taizhang.orgs import permissions as P

OTP_ROLES = frozenset(P.THREE_ADMINS | {P.OFFICE})


def _w(id_: str, msg: str, hint: str) -> Warning:
    return Warning(msg, hint=hint, id=f"taizhang.{id_}")


@register(Tags.security, deploy=True)
def deploy_checks(app_configs=None, **kwargs):
    out = []
    if settings.DEBUG:
        out.append(_w("W001", "TAIZHANG_DEBUG 已开启：出错时会向访问者显示源代码和配置", "生产环境设置 TAIZHANG_DEBUG=false"))
    if not settings.TAIZHANG_AUDIT_KEY:
        out.append(_w("W002", "未设置留痕密钥：能写数据库的人可改写留痕并重算哈希链而不被发现",
                      "设置 TAIZHANG_AUDIT_KEY_FILE（数据库之外的密钥文件，至少 32 个字符）"))
    missing = sorted(OTP_ROLES - {r for r in settings.TAIZHANG_OTP_REQUIRED_ROLES})
    if missing:
        names = "、".join(str(P.ROLE_LABELS[r]) for r in missing)
        out.append(_w("W003", f"双因素认证未对以下角色强制：{names}",
                      "设置 TAIZHANG_OTP_REQUIRED_ROLES=sysadmin,secadmin,auditor,office"))
    if not settings.SESSION_COOKIE_SECURE:
        out.append(_w("W004", "会话 Cookie 未设置 Secure：可能经明文 HTTP 传送", "启用 TLS 后设置 TAIZHANG_SECURE_COOKIES=true"))
    if not settings.SECURE_SSL_REDIRECT:
        out.append(_w("W005", "未将 HTTP 请求重定向到 HTTPS", "设置 TAIZHANG_SSL_REDIRECT=true"))
    if settings.SECURE_HSTS_SECONDS < 31536000:
        out.append(_w("W006", "HSTS 未启用或有效期不足一年", "设置 TAIZHANG_HSTS_SECONDS=31536000"))
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("127.0.0.1", "localhost", "testserver", "[::1]")]
    if "*" in settings.ALLOWED_HOSTS or not hosts:
        out.append(_w("W007", "TAIZHANG_ALLOWED_HOSTS 未列出本系统的访问域名（或为 *）",
                      "设置 TAIZHANG_ALLOWED_HOSTS=taizhang.example.gov.cn"))
    if not settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS or settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS > 90:
        out.append(_w("W008", "密码未要求定期（90 天内）更换", "设置 TAIZHANG_PASSWORD_MAX_AGE_DAYS=90"))
    if not settings.AXES_ENABLED:
        out.append(_w("W009", "登录失败锁定未启用", "不要关闭 django-axes（AXES_ENABLED）"))
    if settings.TAIZHANG_BASE_URL and not settings.TAIZHANG_BASE_URL.startswith("https://"):
        out.append(_w("W010", "TAIZHANG_BASE_URL 不是 https 地址：消息中的链接将以明文打开", "使用 https:// 开头的地址"))
    return out

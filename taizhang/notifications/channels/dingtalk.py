"""钉钉 (DingTalk) custom robot — also the client for 浙政钉 / 专有钉钉 deployments with a private host.

Request: ``POST <webhook URL>?access_token=...[&timestamp=...&sign=...]`` with ``msgtype`` text or
markdown and an ``at`` block. With 加签 the query carries a millisecond timestamp and
``urlencode(base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")))``.
Reply ``{"errcode": 0, "errmsg": "ok"}``; 130101 = sending too fast, 310000 = security check failed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse
from datetime import datetime
from typing import Any

from .base import Message, RobotClient, truncate_utf8

DINGTALK_MAX_BYTES = 18000


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """The 加签 signature of DingTalk, base64 but *not yet* URL-encoded."""
    string_to_sign = f"{timestamp_ms}\n{secret}"
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class DingTalkRobot(RobotClient):
    """钉钉自定义机器人.

    DingTalk only renders an @ when the mobile number also appears in the content, so the client
    appends ``@<mobile>`` for every mentioned number the text does not already contain.
    """

    channel = "dingtalk"
    label = "钉钉"
    rate_limit_codes = frozenset({130101})
    retryable_codes = frozenset({-1})
    error_messages = {
        -1: "系统繁忙，请稍后再试",
        130101: "发送过于频繁（每个机器人每分钟最多 20 条），已被限流",
        300001: "access_token 无效，请检查 Webhook 地址",
        310000: "安全设置校验未通过（加签不匹配或时间戳过期、消息不含自定义关键词，或 IP 不在白名单）",
        400102: "机器人已停用",
    }

    def signed_url(self, now: datetime | None = None) -> str:
        """Webhook URL with ``&timestamp=...&sign=...`` appended when a 加签 secret is configured."""
        if not self.secret:
            return self.webhook_url
        timestamp_ms = int(self._now(now).timestamp() * 1000)
        query = urllib.parse.urlencode(
            {"timestamp": timestamp_ms, "sign": dingtalk_sign(timestamp_ms, self.secret)}
        )
        separator = "&" if "?" in self.webhook_url else "?"
        return f"{self.webhook_url}{separator}{query}"

    def build_payload(self, message: Message, now: datetime | None = None) -> dict[str, Any]:
        at = {"atMobiles": list(message.mention_mobiles), "isAtAll": message.at_all}
        if message.format == "markdown":
            text = _with_mentions(message.markdown_body(), message.mention_mobiles, DINGTALK_MAX_BYTES)
            title = message.title.strip() or message.text.strip().splitlines()[0]
            return {
                "msgtype": "markdown",
                "markdown": {"title": title, "text": text},
                "at": at,
            }
        content = _with_mentions(message.plain_body(), message.mention_mobiles, DINGTALK_MAX_BYTES)
        return {"msgtype": "text", "text": {"content": content}, "at": at}


def _with_mentions(body: str, mobiles: tuple[str, ...], max_bytes: int) -> str:
    """``body`` plus ``@<mobile>`` for each mobile it lacks, truncating the body (never the @s)."""
    missing = [m for m in mobiles if f"@{m}" not in body]
    suffix = ("\n" + " ".join(f"@{m}" for m in missing)) if missing else ""
    return truncate_utf8(body, max_bytes - len(suffix.encode("utf-8"))) + suffix

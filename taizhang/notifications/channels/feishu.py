"""飞书 (Feishu / Lark) custom bot — the full webhook URL also selects Lark or a private deployment.

Request: ``POST <webhook URL>`` with ``{"msg_type": "text", "content": {"text": ...}}`` and, when a
signing secret is set, ``"timestamp"`` (seconds, as a string) and ``"sign"`` in the body:
``base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b""))``. Reply ``{"code": 0, "msg": "success"}``
(older deployments also answer ``StatusCode``); 9499 and 11232 mean rate limited.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime
from typing import Any

from .base import Message, RobotClient, truncate_utf8

# the whole request body may not exceed 20 KB; keep the text well inside it
FEISHU_MAX_BYTES = 18000
FEISHU_AT_ALL = '<at user_id="all">所有人</at>'


def feishu_sign(timestamp_s: int, secret: str) -> str:
    """The signature of a Feishu custom bot: HMAC-SHA256 keyed by the string to sign, empty message."""
    string_to_sign = f"{timestamp_s}\n{secret}"
    digest = hmac.new(string_to_sign.encode("utf-8"), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class FeishuRobot(RobotClient):
    """飞书自定义机器人.

    Always sends ``msg_type`` text (markdown-ish text reads fine as plain text). Feishu can @ only by
    open_id/user_id, not by mobile number, so ``mention_mobiles`` is ignored; ``at_all`` adds the
    @所有人 tag.
    """

    channel = "feishu"
    label = "飞书"
    code_fields = ("code", "StatusCode")
    message_fields = ("msg", "StatusMessage")
    rate_limit_codes = frozenset({9499, 11232})
    error_messages = {
        9499: "请求过于频繁或参数错误，已被限流",
        11232: "发送过于频繁，已被限流",
        19001: "消息参数不合法",
        19021: "签名校验失败（密钥不匹配或时间戳与服务器相差超过 1 小时）",
        19022: "IP 不在机器人的白名单内",
        19024: "消息不含机器人设置的自定义关键词",
    }

    def build_payload(self, message: Message, now: datetime | None = None) -> dict[str, Any]:
        suffix = f"\n{FEISHU_AT_ALL}" if message.at_all else ""
        text = truncate_utf8(message.plain_body(), FEISHU_MAX_BYTES - len(suffix.encode("utf-8"))) + suffix
        payload: dict[str, Any] = {}
        if self.secret:
            timestamp_s = int(self._now(now).timestamp())
            payload["timestamp"] = str(timestamp_s)
            payload["sign"] = feishu_sign(timestamp_s, self.secret)
        payload["msg_type"] = "text"
        payload["content"] = {"text": text}
        return payload

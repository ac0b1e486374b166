"""企业微信 (WeCom) group robot — also the client for 政务微信 deployments with a private webhook host.

Request: ``POST <webhook URL>?key=...`` with ``{"msgtype": "text", "text": {...}}`` or
``{"msgtype": "markdown", "markdown": {"content": ...}}``. Reply ``{"errcode": 0, "errmsg": "ok"}``.
The platform allows 20 messages a minute per robot and answers 45009 beyond that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .base import Message, RobotClient, truncate_utf8

WECOM_TEXT_MAX_BYTES = 2048
WECOM_MARKDOWN_MAX_BYTES = 4096


class WeComRobot(RobotClient):
    """企业微信群机器人.

    Markdown messages cannot @ by mobile number on this platform, so a markdown message that
    mentions anybody is sent as a text message instead: for 催办, reaching the person matters more
    than formatting.
    """

    channel = "wecom"
    label = "企业微信"
    rate_limit_codes = frozenset({45009})
    retryable_codes = frozenset({-1})
    error_messages = {
        -1: "系统繁忙，请稍后再试",
        40008: "不支持的消息类型",
        40058: "消息参数不合法",
        44004: "消息内容为空",
        45002: "消息内容超过长度限制",
        45009: "发送过于频繁（每个机器人每分钟最多 20 条），已被限流",
        93000: "Webhook 地址无效（key 错误或机器人已被移出群聊）",
    }

    def build_payload(self, message: Message, now: datetime | None = None) -> dict[str, Any]:
        if message.format == "markdown" and not message.has_mentions:
            content = truncate_utf8(message.markdown_body(), WECOM_MARKDOWN_MAX_BYTES)
            return {"msgtype": "markdown", "markdown": {"content": content}}
        text: dict[str, Any] = {"content": truncate_utf8(message.plain_body(), WECOM_TEXT_MAX_BYTES)}
        mobiles = list(message.mention_mobiles)
        if message.at_all:
            mobiles.append("@all")
        if mobiles:
            text["mentioned_mobile_list"] = mobiles
        return {"msgtype": "text", "text": text}

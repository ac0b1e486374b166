"""Group-robot notification channels (企业微信, 钉钉, 飞书) and their sending policy. No Django here."""

from .base import Message, RobotClient, SendResult
from .dingtalk import DingTalkRobot, dingtalk_sign
from .dispatch import Decision, DeferReason, Dispatcher, Outcome
from .feishu import FeishuRobot, feishu_sign
from .policy import SHANGHAI, Backoff, QuietHours, RateLimiter, shanghai_now
from .wecom import WeComRobot

CLIENTS: dict[str, type[RobotClient]] = {cls.channel: cls for cls in (WeComRobot, DingTalkRobot, FeishuRobot)}


def client_for(channel: str, webhook_url: str, **options: object) -> RobotClient:
    """Build the client of ``channel`` ("wecom", "dingtalk", "feishu") for a full webhook URL."""
    try:
        cls = CLIENTS[channel]
    except KeyError:
        raise ValueError(f"unknown robot channel {channel!r}; expected one of {sorted(CLIENTS)}") from None
    return cls(webhook_url, **options)  # type: ignore[arg-type]


__all__ = [
    "CLIENTS",
    "SHANGHAI",
    "Backoff",
    "Decision",
    "DeferReason",
    "DingTalkRobot",
    "Dispatcher",
    "FeishuRobot",
    "Message",
    "Outcome",
    "QuietHours",
    "RateLimiter",
    "RobotClient",
    "SendResult",
    "WeComRobot",
    "client_for",
    "dingtalk_sign",
    "feishu_sign",
    "shanghai_now",
]

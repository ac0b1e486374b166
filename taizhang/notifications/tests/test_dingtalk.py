"""钉钉自定义机器人: 加签 in the query string, text/markdown payloads with the at block."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

from taizhang.notifications.channels import DingTalkRobot, Message, dingtalk_sign
from taizhang.notifications.tests.fakes import FakeDingTalkServer

from .conftest import CLERK_MOBILE, LEADER_MOBILE, MORNING, REMINDER_TEXT, REMINDER_TITLE

SECRET = "SEC-taizhang-fake-secret-0123456789"


def test_the_signature_is_hmac_sha256_keyed_by_the_secret_over_timestamp_newline_secret():
    timestamp_ms = 1741915800000
    mac = hmac.new(SECRET.encode(), f"{timestamp_ms}\n{SECRET}".encode(), hashlib.sha256)
    assert dingtalk_sign(timestamp_ms, SECRET) == base64.b64encode(mac.digest()).decode()


def test_the_signed_url_appends_millisecond_timestamp_and_url_encoded_sign():
    robot = DingTalkRobot("https://oapi.intranet.example.invalid/robot/send?access_token=abc", secret=SECRET)
    url = robot.signed_url(MORNING)

    expected_ms = int(MORNING.timestamp()) * 1000
    expected_sign = urllib.parse.quote(dingtalk_sign(expected_ms, SECRET), safe="")
    assert url == (
        "https://oapi.intranet.example.invalid/robot/send?access_token=abc"
        f"&timestamp={expected_ms}&sign={expected_sign}"
    )


def test_without_a_secret_the_url_is_the_webhook_unchanged():
    url = "https://oapi.intranet.example.invalid/robot/send?access_token=abc"
    assert DingTalkRobot(url).signed_url(MORNING) == url


def test_a_signed_text_message_with_mentions_passes_the_platform_checks(reminder_with_mentions, clock):
    with FakeDingTalkServer(secret=SECRET, clock=clock) as server:
        result = DingTalkRobot(server.webhook_url, secret=SECRET, clock=clock).send(reminder_with_mentions)

        assert result.ok, result.error
        assert server.last_json == {
            "msgtype": "text",
            "text": {"content": f"{REMINDER_TITLE}\n{REMINDER_TEXT}\n@{CLERK_MOBILE} @{LEADER_MOBILE}"},
            "at": {"atMobiles": [CLERK_MOBILE, LEADER_MOBILE], "isAtAll": False},
        }
        assert server.requests[-1].query["timestamp"] == str(int(MORNING.timestamp() * 1000))


def test_a_mobile_already_written_in_the_text_is_not_repeated():
    message = Message(title="", text=f"请 @{CLERK_MOBILE} 今日反馈督办单。", mention_mobiles=(CLERK_MOBILE,))
    payload = DingTalkRobot("https://ding.example.invalid/robot/send?access_token=t").build_payload(message)
    assert payload["text"] == {"content": f"请 @{CLERK_MOBILE} 今日反馈督办单。"}


def test_a_markdown_message_has_a_title_and_a_text_under_a_heading(markdown_notice, clock):
    notice = Message(title=markdown_notice.title, text=markdown_notice.text, at_all=True, format="markdown")
    with FakeDingTalkServer(secret=SECRET, clock=clock) as server:
        assert DingTalkRobot(server.webhook_url, secret=SECRET, clock=clock).send(notice).ok
        assert server.last_json == {
            "msgtype": "markdown",
            "markdown": {"title": "本周督办通报", "text": f"### 本周督办通报\n\n{markdown_notice.text}"},
            "at": {"atMobiles": [], "isAtAll": True},
        }


def test_a_wrong_secret_is_reported_as_a_security_check_failure(reminder, clock):
    with FakeDingTalkServer(secret=SECRET, clock=clock) as server:
        result = DingTalkRobot(server.webhook_url, secret="SEC-someone-else", clock=clock).send(reminder)

    assert (result.ok, result.code, result.retryable) == (False, 310000, False)
    assert "安全设置校验未通过" in result.error


def test_a_signature_older_than_an_hour_is_refused(reminder, clock):
    with FakeDingTalkServer(secret=SECRET, clock=clock) as server:
        robot = DingTalkRobot(server.webhook_url, secret=SECRET, clock=clock)
        stale = clock.now
        clock.advance(hours=1, minutes=1)
        assert robot.send(reminder, stale).code == 310000
        assert robot.send(reminder).ok


def test_130101_is_a_rate_limit(reminder, clock):
    with FakeDingTalkServer(secret=SECRET, clock=clock) as server:
        server.queue_rate_limit()
        robot = DingTalkRobot(server.webhook_url, secret=SECRET, clock=clock)
        first, second = robot.send(reminder), robot.send(reminder)

    assert first.rate_limited and first.retryable and first.code == 130101
    assert "每分钟最多 20 条" in first.error
    assert second.ok


def test_an_unknown_token_is_a_permanent_error(reminder):
    with FakeDingTalkServer() as server:
        result = DingTalkRobot(server.webhook_url.replace(server.token, "nope")).send(reminder)
    assert (result.ok, result.code, result.retryable) == (False, 300001, False)
    assert "access_token 无效" in result.error

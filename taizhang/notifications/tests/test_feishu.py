"""飞书自定义机器人: signature in the body, text payload, code/msg replies."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from taizhang.notifications.channels import FeishuRobot, Message, feishu_sign
from taizhang.notifications.tests.fakes import FakeFeishuServer

from .conftest import MORNING, REMINDER_TEXT, REMINDER_TITLE

SECRET = "feishu-fake-signing-secret"


def test_the_signature_is_hmac_sha256_keyed_by_timestamp_newline_secret_over_an_empty_message():
    timestamp_s = 1741915800
    mac = hmac.new(f"{timestamp_s}\n{SECRET}".encode(), b"", hashlib.sha256)
    assert feishu_sign(timestamp_s, SECRET) == base64.b64encode(mac.digest()).decode()
    # and it is *not* the DingTalk construction
    other = hmac.new(SECRET.encode(), f"{timestamp_s}\n{SECRET}".encode(), hashlib.sha256)
    assert feishu_sign(timestamp_s, SECRET) != base64.b64encode(other.digest()).decode()


def test_a_signed_text_message_carries_timestamp_and_sign_in_the_body(reminder, clock):
    with FakeFeishuServer(secret=SECRET, clock=clock) as server:
        robot = FeishuRobot(server.webhook_url, secret=SECRET, clock=clock)
        result = robot.send(reminder)

        assert result.ok, result.error
        timestamp = str(int(MORNING.timestamp()))
        assert server.last_json == {
            "timestamp": timestamp,
            "sign": feishu_sign(int(timestamp), SECRET),
            "msg_type": "text",
            "content": {"text": f"{REMINDER_TITLE}\n{REMINDER_TEXT}"},
        }
        assert server.requests[-1].raw_query == ""
        assert robot.signed_url() == server.webhook_url


def test_without_a_secret_the_body_has_no_signature_fields(reminder):
    with FakeFeishuServer() as server:
        assert FeishuRobot(server.webhook_url).send(reminder).ok
        assert set(server.last_json) == {"msg_type", "content"}


def test_at_all_becomes_the_at_all_tag_and_mobiles_are_not_sent():
    message = Message(
        title="", text="明日上午报送阶段性总结。", mention_mobiles=("13800000001",), at_all=True
    )
    payload = FeishuRobot("https://open.intranet.example.invalid/open-apis/bot/v2/hook/x").build_payload(
        message
    )
    assert payload == {
        "msg_type": "text",
        "content": {"text": '明日上午报送阶段性总结。\n<at user_id="all">所有人</at>'},
    }


def test_markdown_messages_go_out_as_text_with_the_title_first(markdown_notice):
    payload = FeishuRobot("https://open.example.invalid/open-apis/bot/v2/hook/x").build_payload(
        markdown_notice
    )
    assert payload["content"] == {"text": f"本周督办通报\n{markdown_notice.text}"}


@pytest.mark.parametrize("code", [9499, 11232])
def test_9499_and_11232_are_rate_limits(reminder, code):
    with FakeFeishuServer() as server:
        server.queue_reply({"code": code, "data": {}, "msg": "too many requests"})
        result = FeishuRobot(server.webhook_url).send(reminder)
    assert result.rate_limited and result.retryable and result.code == code


@pytest.mark.parametrize("error_status", [200, 400])
def test_a_wrong_secret_fails_with_19021_whether_the_reply_is_http_200_or_400(reminder, clock, error_status):
    with FakeFeishuServer(secret=SECRET, clock=clock, error_status=error_status) as server:
        result = FeishuRobot(server.webhook_url, secret="not-the-secret", clock=clock).send(reminder)

    assert (result.ok, result.code, result.http_status, result.retryable) == (
        False,
        19021,
        error_status,
        False,
    )
    assert result.error.startswith("飞书机器人：签名校验失败")


def test_the_legacy_statuscode_reply_is_understood():
    robot = FeishuRobot("https://open.example.invalid/open-apis/bot/v2/hook/x")
    result = robot.interpret(200, b'{"Extra":null,"StatusCode":0,"StatusMessage":"success"}')
    assert result.ok and result.platform_message == "success"

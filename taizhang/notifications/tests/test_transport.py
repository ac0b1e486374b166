"""What every client does when the network or the server misbehaves: answer, never raise."""

from __future__ import annotations

import socket

import pytest

from taizhang.notifications.channels import DingTalkRobot, FeishuRobot, Message, WeComRobot
from taizhang.notifications.tests.fakes import FakeWeComServer

ROBOTS = [WeComRobot, DingTalkRobot, FeishuRobot]


def test_a_server_slower_than_the_timeout_gives_a_retryable_network_error(reminder):
    with FakeWeComServer() as server:
        server.queue_stall(1.0)
        result = WeComRobot(server.webhook_url, timeout=0.2).send(reminder)
    assert not result.ok and result.retryable and not result.rate_limited
    assert result.error.startswith("无法连接企业微信机器人服务器")


def test_a_refused_connection_gives_a_retryable_network_error(reminder):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = DingTalkRobot(f"http://127.0.0.1:{port}/robot/send?access_token=t", timeout=2).send(reminder)
    assert not result.ok and result.retryable and result.code is None


@pytest.mark.parametrize("robot_class", ROBOTS)
@pytest.mark.parametrize(
    ("status", "retryable", "rate_limited"),
    [(502, True, False), (429, True, True), (404, False, False), (200, False, False)],
)
def test_replies_without_a_platform_code_are_judged_by_http_status(
    robot_class, status, retryable, rate_limited
):
    robot = robot_class("https://robot.example.invalid/hook")
    result = robot.interpret(status, b"<html>gateway says no</html>")
    assert (result.ok, result.retryable, result.rate_limited, result.http_status) == (
        False,
        retryable,
        rate_limited,
        status,
    )
    assert result.error.startswith(robot.label)


def test_an_unknown_platform_code_is_reported_with_the_platform_text():
    result = WeComRobot("https://robot.example.invalid/hook").interpret(
        200, b'{"errcode": 99991, "errmsg": "odd"}'
    )
    assert (result.ok, result.code, result.retryable) == (False, 99991, False)
    assert result.error == "企业微信机器人平台拒绝：errcode 99991" and "odd" not in result.error


def test_system_busy_is_worth_retrying():
    result = DingTalkRobot("https://robot.example.invalid/hook").interpret(
        200, b'{"errcode": -1, "errmsg": "busy"}'
    )
    assert result.retryable and not result.rate_limited


def test_the_webhook_url_must_be_http_and_is_used_as_given():
    with pytest.raises(ValueError):
        WeComRobot("qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k")
    private = "http://10.20.30.40:8080/zwwx/cgi-bin/webhook/send?key=k"
    assert WeComRobot(private).signed_url() == private


def test_signing_refuses_naive_datetimes():
    from datetime import datetime

    with pytest.raises(ValueError):
        DingTalkRobot("https://robot.example.invalid/hook?access_token=t", secret="s").signed_url(
            datetime(2025, 3, 14, 9, 30)
        )


def test_a_message_needs_content_and_a_known_format():
    with pytest.raises(ValueError):
        Message(title=" ", text="")
    with pytest.raises(ValueError):
        Message(title="通知", text="正文", format="html")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Message(title="通知", text="正文", mention_mobiles="13800000001")  # type: ignore[arg-type]

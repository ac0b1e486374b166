"""企业微信群机器人: what goes over the wire and how replies are read."""

from __future__ import annotations

from taizhang.notifications.channels import Message, WeComRobot
from taizhang.notifications.tests.fakes import FakeWeComServer

from .conftest import CLERK_MOBILE, LEADER_MOBILE, REMINDER_TEXT, REMINDER_TITLE


def test_a_text_message_is_title_then_text_and_mentions_go_by_mobile(reminder_with_mentions):
    with FakeWeComServer() as server:
        result = WeComRobot(server.webhook_url).send(reminder_with_mentions)

        assert result.ok and result.code == 0 and result.error == ""
        assert server.last_json == {
            "msgtype": "text",
            "text": {
                "content": f"{REMINDER_TITLE}\n{REMINDER_TEXT}",
                "mentioned_mobile_list": [CLERK_MOBILE, LEADER_MOBILE],
            },
        }
        request = server.requests[-1]
        assert request.query == {"key": server.token}
        assert request.headers["Content-Type"] == "application/json; charset=utf-8"


def test_a_text_message_without_mentions_carries_no_mention_list(reminder):
    assert WeComRobot("https://wecom.example.invalid/hook?key=k").build_payload(reminder) == {
        "msgtype": "text",
        "text": {"content": f"{REMINDER_TITLE}\n{REMINDER_TEXT}"},
    }


def test_at_all_is_the_special_mobile_at_all():
    message = Message(title="", text="今晚 20:00 召开专题调度会，请各支部书记准时参会。", at_all=True)
    payload = WeComRobot("https://wecom.example.invalid/hook?key=k").build_payload(message)
    assert payload["text"]["mentioned_mobile_list"] == ["@all"]


def test_a_markdown_message_puts_the_title_in_a_heading(markdown_notice):
    with FakeWeComServer() as server:
        assert WeComRobot(server.webhook_url).send(markdown_notice).ok
        assert server.last_json == {
            "msgtype": "markdown",
            "markdown": {"content": f"### 本周督办通报\n\n{markdown_notice.text}"},
        }


def test_a_markdown_message_that_mentions_people_is_sent_as_text_so_the_mentions_work():
    message = Message(
        title="逾期提醒", text="**2** 项问题已逾期。", mention_mobiles=(CLERK_MOBILE,), format="markdown"
    )
    payload = WeComRobot("https://wecom.example.invalid/hook?key=k").build_payload(message)
    assert payload == {
        "msgtype": "text",
        "text": {"content": "逾期提醒\n**2** 项问题已逾期。", "mentioned_mobile_list": [CLERK_MOBILE]},
    }


def test_an_over_long_text_is_cut_to_the_2048_byte_limit_with_a_visible_mark():
    message = Message(title="长消息", text="整改" * 2000)
    with FakeWeComServer() as server:
        assert WeComRobot(server.webhook_url).send(message).ok
        content = server.last_json["text"]["content"]
        assert len(content.encode("utf-8")) <= 2048
        assert content.endswith("（内容过长，已截断）")


def test_45009_is_a_rate_limit_and_may_be_retried(reminder):
    with FakeWeComServer() as server:
        server.queue_rate_limit()
        result = WeComRobot(server.webhook_url).send(reminder)

    assert not result.ok
    assert result.rate_limited and result.retryable
    assert result.code == 45009
    assert "发送过于频繁" in result.error


def test_a_wrong_key_is_a_permanent_error_explained_in_chinese(reminder):
    with FakeWeComServer() as server:
        wrong = server.webhook_url.replace(server.token, "revoked-key")
        result = WeComRobot(wrong).send(reminder)

    assert (result.ok, result.code, result.rate_limited, result.retryable) == (False, 93000, False, False)
    assert result.error == "企业微信机器人：Webhook 地址无效（key 错误或机器人已被移出群聊）（错误码 93000）"
    assert result.platform_message == "invalid webhook url"


def test_the_client_never_reveals_the_key_in_its_repr_or_id():
    robot = WeComRobot("https://qyapi.intranet.example.invalid/cgi-bin/webhook/send?key=top-secret-key")
    assert "top-secret-key" not in repr(robot)
    assert "top-secret-key" not in robot.robot_id
    assert robot.robot_id.startswith("wecom:")

"""Group robots cannot make the server a proxy or a port scanner (issue 17, hole 1: SSRF through webhooks).

Only the platforms' hosts, or hosts the system administrator added; https unless allowed; every resolved
address public unless its network is allowed; checked when saved and again when sending (DNS rebinding);
no redirects; the platform's answer summarised, never echoed; one wording for every connection failure.
No test reaches a real DNS server or a real platform: names resolve through a table, servers are fakes
on loopback.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import override_settings

from taizhang.core.exceptions import ValidationFailed
from taizhang.notifications.channels import Message, WeComRobot, egress
from taizhang.notifications.channels.egress import EgressPolicy
from taizhang.notifications.services import robot_create, robot_test_send
from taizhang.notifications.tests.factories import make_robot
from taizhang.notifications.tests.fakes import FakeWeComServer

PRODUCTION = {"TAIZHANG_ROBOT_EXTRA_HOSTS": [], "TAIZHANG_ROBOT_ALLOW_HTTP": False,
              "TAIZHANG_ROBOT_ALLOWED_NETWORKS": []}
WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc123"
MESSAGE = Message(title="测试", text="内容")


@pytest.fixture
def dns():
    """A settable DNS table on top of the suite's fake resolver: dns["robot.test"] = ["10.0.0.1"]."""
    from conftest import fake_resolver

    table: dict[str, list[str]] = {}
    previous = egress.set_resolver(lambda host, port: table[host] if host in table else fake_resolver(host, port))
    yield table
    egress.set_resolver(previous)


def create(world, url, platform="wecom"):
    return robot_create(actor=world.county_office, unit=world.unit("K1"), platform=platform, name="群",
                        webhook_url=url)


@override_settings(**PRODUCTION)
@pytest.mark.parametrize(("url", "reason"), [
    ("http://10.20.30.40:8080/cgi-bin/webhook/send", "https"),
    ("https://10.20.30.40/cgi-bin/webhook/send", "不是该平台的机器人地址"),
    ("https://169.254.169.254/latest/meta-data/", "不是该平台的机器人地址"),
    ("https://intranet.example.invalid/admin", "不是该平台的机器人地址"),
    ("https://qyapi.weixin.qq.com.evil.example/x", "不是该平台的机器人地址"),
    ("https://user:pw@qyapi.weixin.qq.com/x", "用户名或密码"),
    ("https://oapi.dingtalk.com/robot/send?access_token=abc", "不是该平台的机器人地址"),  # not a 企业微信 host
])
def test_a_webhook_outside_the_platform_hosts_is_refused_when_saved(world, url, reason):
    with pytest.raises(ValidationFailed) as exc:
        create(world, url)
    assert exc.value.field == "webhook_url"
    assert exc.value.message.startswith("「Webhook 地址」") and reason in exc.value.message


@override_settings(**PRODUCTION)
def test_the_platforms_own_hosts_are_accepted(world):
    assert create(world, WECOM_URL).pk
    assert create(world, "https://oapi.dingtalk.com/robot/send?access_token=abc", "dingtalk").pk
    assert create(world, "https://open.feishu.cn/open-apis/bot/v2/hook/abc", "feishu").pk
    assert create(world, "https://open.larksuite.com/open-apis/bot/v2/hook/abc", "feishu").pk


@override_settings(**PRODUCTION)
@pytest.mark.parametrize("addresses", [["127.0.0.1"], ["10.1.2.3"], ["169.254.169.254"], ["100.64.0.1"],
                                       ["::1"], ["::ffff:192.168.1.1"], ["fd00::1"], ["101.91.22.10", "10.0.0.1"]])
def test_a_platform_host_resolving_to_a_private_address_is_refused(world, dns, addresses):
    dns["qyapi.weixin.qq.com"] = addresses
    with pytest.raises(ValidationFailed) as exc:
        create(world, WECOM_URL)
    assert exc.value.field == "webhook_url" and "内网、本机或保留地址" in exc.value.message


@override_settings(**PRODUCTION)
def test_an_unresolvable_host_is_refused(world, dns):
    with override_settings(TAIZHANG_ROBOT_EXTRA_HOSTS=["nowhere.example.gov.cn"]), \
            pytest.raises(ValidationFailed) as exc:
        create(world, "https://nowhere.example.gov.cn/robot/send")
    assert "无法解析" in exc.value.message


@override_settings(TAIZHANG_ROBOT_EXTRA_HOSTS=[".zwding.example.gov.cn"], TAIZHANG_ROBOT_ALLOW_HTTP=True,
                   TAIZHANG_ROBOT_ALLOWED_NETWORKS=["10.8.0.0/16"])
def test_the_administrator_allows_a_self_hosted_platform_in_the_intranet(world, dns):
    dns["oapi.zwding.example.gov.cn"] = ["10.8.1.20"]
    assert create(world, "http://oapi.zwding.example.gov.cn/robot/send?access_token=abc", "dingtalk").pk
    dns["oapi.zwding.example.gov.cn"] = ["10.9.1.20"]  # outside the allowed network
    with pytest.raises(ValidationFailed):
        create(world, "http://oapi.zwding.example.gov.cn/robot/send?access_token=abc", "dingtalk")


@override_settings(**PRODUCTION)
def test_the_form_names_the_field_in_chinese(world, login):
    page = login("county_office").post("/notifications/robots/new/", {
        "unit": "K1", "platform": "wecom", "name": "内网探测", "quiet_hours": "",
        "webhook_url": "http://127.0.0.1:6379/"}).content.decode()
    assert "「Webhook 地址」" in page and "https://" in page


@override_settings(TAIZHANG_ROBOT_EXTRA_HOSTS=["robot.test"], TAIZHANG_ROBOT_ALLOW_HTTP=True,
                   TAIZHANG_ROBOT_ALLOWED_NETWORKS=[])
def test_a_name_that_resolves_elsewhere_after_saving_is_refused_when_sending(world, dns):
    with FakeWeComServer() as server:
        port = server.base_url.rsplit(":", 1)[1]
        dns["robot.test"] = ["101.91.22.99"]  # public when the office saves the robot …
        robot = make_robot(world, webhook_url=f"http://robot.test:{port}/cgi-bin/webhook/send?key={server.token}")
        dns["robot.test"] = ["127.0.0.1"]  # … and the intranet when it is used (DNS rebinding)
        result = robot_test_send(actor=world.county_office, robot=robot)
        assert not result.ok and not result.retryable and "内网、本机或保留地址" in result.error
        assert server.requests == []


@override_settings(TAIZHANG_ROBOT_EXTRA_HOSTS=["robot.test"], TAIZHANG_ROBOT_ALLOW_HTTP=True,
                   TAIZHANG_ROBOT_ALLOWED_NETWORKS=["127.0.0.1/32"])
def test_the_connection_goes_to_the_checked_address_and_keeps_the_host_name(world, dns):
    dns["robot.test"] = ["127.0.0.1"]
    with FakeWeComServer() as server:
        port = server.base_url.rsplit(":", 1)[1]
        robot = make_robot(world, webhook_url=f"http://robot.test:{port}/cgi-bin/webhook/send?key={server.token}")
        assert robot_test_send(actor=world.county_office, robot=robot).ok
        assert server.requests[0].headers["Host"] == f"robot.test:{port}"


class _Redirector:
    """A loopback server that answers every POST with a redirect to ``location``."""

    def __init__(self, location: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(307)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/cgi-bin/webhook/send?key=k"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def test_redirects_are_not_followed(world):
    with FakeWeComServer() as target, _Redirector(target.webhook_url) as redirector:
        robot = make_robot(world, webhook_url=redirector.url)
        result = robot_test_send(actor=world.county_office, robot=robot)
        assert not result.ok and "重定向" in result.error and result.http_status == 307
        assert target.requests == []


def test_the_test_send_summarises_the_answer_and_never_echoes_it(world, login):
    with FakeWeComServer() as server:
        robot = make_robot(world, webhook_url=server.webhook_url)
        server.queue_reply({"errcode": 77777, "errmsg": "<redis_version:7.2.4> internal banner"})
        page = login("county_office").post(f"/notifications/robots/{robot.pk}/test/", follow=True).content.decode()
        assert "平台拒绝：errcode 77777" in page
        assert "redis_version" not in page and "banner" not in page


def test_connection_failures_read_the_same_whatever_listens():
    policy = EgressPolicy.build(extra_hosts=["127.0.0.1"], allow_http=True, allowed_networks=["127.0.0.1/32"])
    with FakeWeComServer() as server:
        server.queue_stall(1.0)
        closed_port = server.webhook_url  # after the block the server has stopped: connection refused
        timed_out = WeComRobot(server.webhook_url, timeout=0.2, egress=policy).send(MESSAGE)
    refused = WeComRobot(closed_port, timeout=0.5, egress=policy).send(MESSAGE)
    assert timed_out.error == refused.error == "无法连接企业微信机器人服务器，请稍后再试或检查 Webhook 地址"


def test_the_send_path_checks_the_policy_even_for_rows_stored_before_it_existed(world):
    """A robot saved before the policy (or written straight into the database) is refused at send time."""
    robot = make_robot(world)
    type(robot).objects.filter(pk=robot.pk).update(webhook_url="http://169.254.169.254/latest/meta-data/")
    robot.refresh_from_db()
    result = robot_test_send(actor=world.county_office, robot=robot)
    assert not result.ok and result.error.startswith("未发送：")

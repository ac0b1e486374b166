"""Fake group-robot servers on loopback, for the notifications tests.

Each fake plays one platform as its public documentation describes it: it checks the webhook key,
recomputes the platform's signature from the query string or body *independently of the client
code*, validates the shape of the JSON payload, records every request and answers the platform's
success, rate-limit or error replies. Replies can be scripted, and an optional per-minute limit
makes the fake throttle like the real service::

    with FakeDingTalkServer(secret="SEC-test") as server:
        robot = DingTalkRobot(server.webhook_url, secret=server.secret)
        server.queue_rate_limit()
        assert robot.send(message).rate_limited
        assert robot.send(message).ok
        assert server.requests[-1].json["msgtype"] == "text"

Pure standard library; no Django.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time as _time
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, Any]]


class FakeClock:
    """A settable clock for time travel in tests: call it for now, move it with ``advance``/``travel_to``."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)``; answer the new now."""
        self.now += delta if delta is not None else timedelta(**parts)
        return self.now

    def travel_to(self, moment: datetime) -> datetime:
        """Jump to ``moment`` (forward or back); answer it."""
        if moment.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self.now = moment
        return self.now


@dataclass
class ReceivedRequest:
    """One request as the fake robot saw it."""

    method: str
    path: str
    raw_query: str
    headers: dict[str, str]
    body: bytes
    query: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.query = dict(urllib.parse.parse_qsl(self.raw_query, keep_blank_values=True))

    @property
    def json(self) -> Any:
        """The body decoded as UTF-8 JSON (raises if it is not)."""
        return json.loads(self.body.decode("utf-8"))

    def raw_param(self, name: str) -> str | None:
        """A query parameter exactly as sent, still URL-encoded."""
        for pair in self.raw_query.split("&"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return None


class FakeRobotServer:
    """Base of the fakes: a ThreadingHTTPServer on 127.0.0.1, port chosen by the OS.

    Use as a context manager (or ``start()``/``stop()``). ``clock`` is the server's idea of now, for
    the signature freshness check; ``limit_per_minute`` makes it throttle like the platform.
    """

    channel = ""
    ok_reply: dict[str, Any] = {}
    rate_limit_reply: dict[str, Any] = {}

    def __init__(
        self,
        *,
        secret: str | None = None,
        token: str = "fake-robot-token-0001",
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_skew: timedelta = timedelta(hours=1),
        limit_per_minute: int | None = None,
    ) -> None:
        self.secret = secret
        self.token = token
        self.clock = clock
        self.max_skew = max_skew
        self.limit_per_minute = limit_per_minute
        self.requests: list[ReceivedRequest] = []
        self._script: deque[Reply | float] = deque()
        self._accepted: deque[datetime] = deque()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------------

    def start(self) -> FakeRobotServer:
        """Bind to a free loopback port and serve in a daemon thread."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server API
                length = int(self.headers.get("Content-Length") or 0)
                path, _, raw_query = self.path.partition("?")
                request = ReceivedRequest(
                    "POST", path, raw_query, dict(self.headers.items()), self.rfile.read(length)
                )
                status, reply = fake._answer(request)
                data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, name=f"fake-{self.channel}"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down and close its socket."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeRobotServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` — the private "intranet" host of this fake platform."""
        if self._httpd is None:
            raise RuntimeError("the fake server is not running; use it as a context manager")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def webhook_url(self) -> str:
        """The full webhook URL a client should be configured with."""
        raise NotImplementedError

    # -- scripting --------------------------------------------------------------------------------

    def queue_reply(self, reply: dict[str, Any], status: int = 200) -> None:
        """Answer the next (unscripted) valid request with ``reply``."""
        with self._lock:
            self._script.append((status, reply))

    def queue_rate_limit(self, times: int = 1) -> None:
        """Answer the next ``times`` valid requests with the platform's rate-limit reply."""
        for _ in range(times):
            self.queue_reply(dict(self.rate_limit_reply))

    def queue_stall(self, seconds: float) -> None:
        """Make the next request wait ``seconds`` before it is answered (to provoke client timeouts)."""
        with self._lock:
            self._script.append(seconds)

    @property
    def last_json(self) -> Any:
        """The JSON body of the latest request."""
        return self.requests[-1].json

    # -- answering --------------------------------------------------------------------------------

    def _answer(self, request: ReceivedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            stall = self._script.popleft() if self._script and not isinstance(self._script[0], tuple) else 0
        if stall:
            _time.sleep(float(stall))
        problem = self.check_address(request) or self.check_signature(request) or self.check_payload(request)
        if problem is not None:
            return problem
        with self._lock:
            if self._script:
                scripted = self._script.popleft()
                assert isinstance(scripted, tuple)
                return scripted
            if self.limit_per_minute is not None:
                now = self.clock()
                while self._accepted and self._accepted[0] + timedelta(minutes=1) <= now:
                    self._accepted.popleft()
                if len(self._accepted) >= self.limit_per_minute:
                    return 200, dict(self.rate_limit_reply)
                self._accepted.append(now)
        return 200, dict(self.ok_reply)

    def check_address(self, request: ReceivedRequest) -> Reply | None:
        """An error reply if the request did not go to this robot's webhook, else None."""
        raise NotImplementedError

    def check_signature(self, request: ReceivedRequest) -> Reply | None:
        """An error reply if a signature is required and wrong or stale, else None."""
        return None

    def check_payload(self, request: ReceivedRequest) -> Reply | None:
        """An error reply if the JSON body is not a valid message for this platform, else None."""
        raise NotImplementedError

    def _fresh(self, sent: datetime) -> bool:
        return abs(self.clock() - sent) <= self.max_skew


def _json_body(request: ReceivedRequest) -> dict[str, Any] | None:
    try:
        body = request.json
    except (UnicodeDecodeError, ValueError):
        return None
    return body if isinstance(body, dict) else None


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class FakeWeComServer(FakeRobotServer):
    """企业微信群机器人: ``POST /cgi-bin/webhook/send?key=<token>``; 45009 when throttled."""

    channel = "wecom"
    ok_reply = {"errcode": 0, "errmsg": "ok"}
    rate_limit_reply = {"errcode": 45009, "errmsg": "api freq out of limit"}

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/cgi-bin/webhook/send?key={self.token}"

    def check_address(self, request: ReceivedRequest) -> Reply | None:
        if request.path != "/cgi-bin/webhook/send" or request.query.get("key") != self.token:
            return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
        return None

    def check_payload(self, request: ReceivedRequest) -> Reply | None:
        body = _json_body(request)
        if body is None:
            return 200, {"errcode": 40058, "errmsg": "invalid json body"}
        msgtype = body.get("msgtype")
        if msgtype not in ("text", "markdown") or not isinstance(body.get(msgtype), dict):
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        part = body[msgtype]
        content = part.get("content")
        if not isinstance(content, str) or not content:
            return 200, {"errcode": 44004, "errmsg": "empty content"}
        limit = 2048 if msgtype == "text" else 4096
        if len(content.encode("utf-8")) > limit:
            return 200, {"errcode": 45002, "errmsg": "content size out of limit"}
        extra = set(part) - (
            {"content", "mentioned_list", "mentioned_mobile_list"} if msgtype == "text" else {"content"}
        )
        mobiles = part.get("mentioned_mobile_list", [])
        if extra or not _is_str_list(mobiles):
            return 200, {
                "errcode": 40058,
                "errmsg": f"invalid parameter {sorted(extra) or 'mentioned_mobile_list'}",
            }
        return None


class FakeDingTalkServer(FakeRobotServer):
    """钉钉自定义机器人: ``POST /robot/send?access_token=<token>[&timestamp=&sign=]``; 130101 when throttled.

    With a secret, ``sign`` must equal the URL-encoded base64 of
    HMAC-SHA256(key=secret, msg="<timestamp ms>\\n<secret>") and the timestamp must be within an hour.
    """

    channel = "dingtalk"
    ok_reply = {"errcode": 0, "errmsg": "ok"}
    rate_limit_reply = {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/robot/send?access_token={self.token}"

    def check_address(self, request: ReceivedRequest) -> Reply | None:
        if request.path != "/robot/send" or request.query.get("access_token") != self.token:
            return 200, {"errcode": 300001, "errmsg": "token is not exist"}
        return None

    def check_signature(self, request: ReceivedRequest) -> Reply | None:
        if not self.secret:
            return None
        timestamp, raw_sign = request.query.get("timestamp", ""), request.raw_param("sign")
        if not timestamp.isdigit() or raw_sign is None:
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        mac = hmac.new(self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256)
        expected = base64.b64encode(mac.digest()).decode()
        if raw_sign != urllib.parse.quote(expected, safe=""):
            return 200, {"errcode": 310000, "errmsg": "sign not match"}
        if not self._fresh(datetime.fromtimestamp(int(timestamp) / 1000, UTC)):
            return 200, {"errcode": 310000, "errmsg": "invalid timestamp"}
        return None

    def check_payload(self, request: ReceivedRequest) -> Reply | None:
        body = _json_body(request)
        bad = (200, {"errcode": 40035, "errmsg": "missing or invalid parameter"})
        if body is None:
            return bad
        msgtype = body.get("msgtype")
        part = body.get(msgtype) if isinstance(msgtype, str) else None
        if msgtype == "text":
            if not isinstance(part, dict) or set(part) != {"content"} or not part["content"]:
                return bad
        elif msgtype == "markdown":
            if not isinstance(part, dict) or set(part) != {"title", "text"}:
                return bad
            if not (isinstance(part["title"], str) and part["title"] and part["text"]):
                return bad
        else:
            return 200, {"errcode": 40035, "errmsg": "invalid msgtype"}
        at = body.get("at", {})
        if not isinstance(at, dict) or not _is_str_list(at.get("atMobiles", [])):
            return bad
        if not isinstance(at.get("isAtAll", False), bool):
            return bad
        return None


class FakeFeishuServer(FakeRobotServer):
    """飞书自定义机器人: ``POST /open-apis/bot/v2/hook/<token>``; 11232 when throttled.

    With a secret, the body's ``sign`` must equal base64(HMAC-SHA256(key="<timestamp s>\\n<secret>",
    msg=b"")) and its ``timestamp`` (seconds) must be within an hour. ``error_status`` is the HTTP
    status used for error replies (the real service has answered both 200 and 400).
    """

    channel = "feishu"
    ok_reply = {"code": 0, "data": {}, "msg": "success"}
    rate_limit_reply = {"code": 11232, "data": {}, "msg": "frequency limited"}

    def __init__(self, *, error_status: int = 200, **options: Any) -> None:
        super().__init__(**options)
        self.error_status = error_status

    @property
    def webhook_url(self) -> str:
        return f"{self.base_url}/open-apis/bot/v2/hook/{self.token}"

    def check_address(self, request: ReceivedRequest) -> Reply | None:
        if request.path != f"/open-apis/bot/v2/hook/{self.token}":
            return self.error_status, {
                "code": 19001,
                "data": {},
                "msg": "param invalid: incoming webhook access token invalid",
            }
        return None

    def check_signature(self, request: ReceivedRequest) -> Reply | None:
        if not self.secret:
            return None
        failure = (
            self.error_status,
            {
                "code": 19021,
                "data": {},
                "msg": "sign match fail or timestamp is not within one hour from current time",
            },
        )
        body = _json_body(request) or {}
        timestamp, sign = body.get("timestamp"), body.get("sign")
        if not isinstance(timestamp, str) or not timestamp.isdigit() or not isinstance(sign, str):
            return failure
        mac = hmac.new(f"{timestamp}\n{self.secret}".encode(), b"", hashlib.sha256)
        if sign != base64.b64encode(mac.digest()).decode():
            return failure
        if not self._fresh(datetime.fromtimestamp(int(timestamp), UTC)):
            return failure
        return None

    def check_payload(self, request: ReceivedRequest) -> Reply | None:
        body = _json_body(request)
        bad = (self.error_status, {"code": 9499, "data": {}, "msg": "Bad Request"})
        if body is None or body.get("msg_type") != "text":
            return bad
        content = body.get("content")
        if not isinstance(content, dict) or set(content) != {"text"} or not content["text"]:
            return bad
        if set(body) - {"msg_type", "content", "timestamp", "sign"}:
            return bad
        if len(request.body) > 20 * 1024:
            return bad
        return None

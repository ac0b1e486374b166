"""Shared pieces of the group-robot channels: the message, the send result and the HTTP plumbing.

Nothing here imports Django: the clients are plain Python so they can run in a huey worker, a CLI
command or a test without settings. Every client takes the *full* webhook URL (public platform or a
private intranet endpoint such as 政务微信 / 浙政钉) and never builds a host name itself.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

from .egress import EgressPolicy, EgressRefused

MessageFormat = Literal["text", "markdown"]
FORMATS: tuple[str, ...] = ("text", "markdown")

TRUNCATION_MARK = "…（内容过长，已截断）"


def utc_now() -> datetime:
    """The default clock of the clients: an aware datetime in UTC."""
    return datetime.now(UTC)


def require_aware(moment: datetime) -> datetime:
    """Return ``moment`` unchanged, or raise ValueError if it has no time zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass an aware datetime (Asia/Shanghai or UTC)")
    return moment


@dataclass(frozen=True)
class Message:
    """One notification as the supervision side composes it, independent of the platform.

    ``text`` is markdown-ish plain text: it reads well as plain text and renders where the platform
    supports markdown. ``mention_mobiles`` are the mobile numbers to @; ``at_all`` @s everyone.
    """

    title: str
    text: str
    mention_mobiles: tuple[str, ...] = ()
    at_all: bool = False
    format: MessageFormat = "text"

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown message format {self.format!r}; expected one of {FORMATS}")
        if isinstance(self.mention_mobiles, str):
            raise TypeError("mention_mobiles must be a sequence of mobile numbers, not one string")
        object.__setattr__(self, "mention_mobiles", tuple(str(m).strip() for m in self.mention_mobiles))
        if not (self.title.strip() or self.text.strip()):
            raise ValueError("a message needs a title or a text")

    @property
    def has_mentions(self) -> bool:
        """True when the message @s anybody (listed mobiles or everyone)."""
        return bool(self.mention_mobiles) or self.at_all

    def plain_body(self) -> str:
        """Title on the first line, then the text: the body used for plain-text messages."""
        parts = [p for p in (self.title.strip(), self.text.strip()) if p]
        return "\n".join(parts)

    def markdown_body(self) -> str:
        """The text under a level-3 heading carrying the title: the body used for markdown messages."""
        title, text = self.title.strip(), self.text.strip()
        if not title:
            return text
        return f"### {title}\n\n{text}" if text else f"### {title}"


@dataclass(frozen=True)
class SendResult:
    """What happened when a message was posted to a robot.

    ``code``/``platform_message`` are the platform's own reply fields (``None``/``""`` when no JSON
    reply came back); ``error`` is a Chinese explanation for the office, empty when ``ok``.
    ``rate_limited`` means the platform asked us to slow down; ``retryable`` means the same request may
    succeed later (rate limits, busy servers, network trouble) while a configuration error will not.
    """

    ok: bool
    channel: str
    code: int | None = None
    platform_message: str = ""
    error: str = ""
    rate_limited: bool = False
    retryable: bool = False
    http_status: int | None = None
    reply: dict[str, Any] | None = field(default=None, compare=False)


def truncate_utf8(text: str, max_bytes: int | None) -> str:
    """Cut ``text`` so that its UTF-8 encoding fits in ``max_bytes``, marking the cut visibly."""
    if max_bytes is None or len(text.encode("utf-8")) <= max_bytes:
        return text
    budget = max_bytes - len(TRUNCATION_MARK.encode("utf-8"))
    head = text.encode("utf-8")[: max(budget, 0)].decode("utf-8", errors="ignore")
    return head + TRUNCATION_MARK


def webhook_fingerprint(url: str) -> str:
    """A short stable id for a webhook URL that does not reveal its key (for logs and limiter keys)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


class RobotClient:
    """Base class of the group-robot clients; subclasses describe one platform.

    Subclasses set the class attributes and implement :meth:`build_payload`; those that sign in the
    query string override :meth:`signed_url`. ``send`` never raises for platform or network trouble:
    it always answers a :class:`SendResult`.
    """

    channel: ClassVar[str] = ""
    label: ClassVar[str] = ""
    code_fields: ClassVar[tuple[str, ...]] = ("errcode",)
    message_fields: ClassVar[tuple[str, ...]] = ("errmsg",)
    rate_limit_codes: ClassVar[frozenset[int]] = frozenset()
    retryable_codes: ClassVar[frozenset[int]] = frozenset()
    error_messages: ClassVar[dict[int, str]] = {}

    def __init__(
        self,
        webhook_url: str,
        *,
        secret: str | None = None,
        timeout: float = 10.0,
        clock: Callable[[], datetime] = utc_now,
        opener: urllib.request.OpenerDirector | None = None,
        egress: EgressPolicy | None = None,
    ) -> None:
        if not webhook_url.startswith(("http://", "https://")):
            raise ValueError(f"{self.label} webhook URL must start with http:// or https://")
        self.webhook_url = webhook_url
        self.secret = secret or None
        self.timeout = timeout
        self.clock = clock
        # With a policy every request is checked (host, scheme, resolved addresses, no redirects); the
        # Django side always passes one (notifications.egress). Without, the client is a plain library.
        self.egress = egress
        if opener is None:
            opener = egress.opener() if egress is not None else urllib.request.build_opener()
        self.opener = opener

    def __repr__(self) -> str:  # never print the key or the secret
        return f"<{type(self).__name__} robot={self.robot_id}>"

    @property
    def robot_id(self) -> str:
        """Stable, secret-free id of this robot (rate-limiter key, log field)."""
        return f"{self.channel}:{webhook_fingerprint(self.webhook_url)}"

    # -- building the request ---------------------------------------------------------------------

    def _now(self, now: datetime | None) -> datetime:
        return require_aware(now if now is not None else self.clock())

    def headers(self) -> dict[str, str]:
        """HTTP headers of every request."""
        return {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}

    def signed_url(self, now: datetime | None = None) -> str:
        """The URL to POST to at ``now``; the plain webhook URL unless the platform signs the query."""
        return self.webhook_url

    def build_payload(self, message: Message, now: datetime | None = None) -> dict[str, Any]:
        """The JSON body for ``message`` at ``now`` (``now`` matters only for body signatures)."""
        raise NotImplementedError

    # -- sending ----------------------------------------------------------------------------------

    def send(self, message: Message, now: datetime | None = None) -> SendResult:
        """POST ``message`` to the robot and interpret the reply; never raises for remote trouble."""
        moment = self._now(now)
        if self.egress is not None:
            try:
                self.egress.check_url(self.webhook_url, self.channel)
            except EgressRefused as exc:
                return self.refused(exc)
        body = json.dumps(self.build_payload(message, moment), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.signed_url(moment), data=body, headers=self.headers(), method="POST"
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return self.interpret(response.status, response.read())
        except urllib.error.HTTPError as exc:
            with exc:
                raw = exc.read()
            return self.interpret(exc.code, raw)
        except EgressRefused as exc:
            return self.refused(exc)
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            # One wording for refused, reset, timed out and unreachable alike: the office needs to know
            # the robot was not reached, and nobody should learn from it what listens where.
            return SendResult(
                ok=False,
                channel=self.channel,
                error=f"无法连接{self.label}机器人服务器，请稍后再试或检查 Webhook 地址",
                retryable=True,
            )

    def refused(self, exc: EgressRefused) -> SendResult:
        """The outbound policy forbade the request: a permanent failure, nothing was sent."""
        return SendResult(ok=False, channel=self.channel, error=f"未发送：{exc}", retryable=False)

    def interpret(self, status: int, raw: bytes) -> SendResult:
        """Turn an HTTP status and reply body into a :class:`SendResult` (pure; no I/O)."""
        reply = _parse_json_object(raw)
        code = None if reply is None else _first_int(reply, self.code_fields)
        if code is None:
            return self._http_failure(status, raw, reply)
        platform_message = str(_first(reply, self.message_fields) or "")
        if code == 0 and 200 <= status < 300:
            return SendResult(
                ok=True,
                channel=self.channel,
                code=0,
                platform_message=platform_message,
                http_status=status,
                reply=reply,
            )
        rate_limited = code in self.rate_limit_codes or status == 429
        return SendResult(
            ok=False,
            channel=self.channel,
            code=code,
            platform_message=platform_message,
            error=self.explain(code, platform_message),
            rate_limited=rate_limited,
            retryable=rate_limited or code in self.retryable_codes or status >= 500,
            http_status=status,
            reply=reply,
        )

    def explain(self, code: int, platform_message: str = "") -> str:
        """Chinese explanation of a platform error code for the office."""
        known = self.error_messages.get(code)
        if known:
            return f"{self.label}机器人：{known}（错误码 {code}）"
        # The platform's own message is not repeated: the answer of a foreign server is never echoed.
        return f"{self.label}机器人平台拒绝：errcode {code}"

    def _http_failure(self, status: int, raw: bytes, reply: dict[str, Any] | None) -> SendResult:
        if 200 <= status < 300:
            error = f"{self.label}机器人的应答无法识别（HTTP {status}）"
            retryable = False
        elif 300 <= status < 400:
            error = f"{self.label}机器人地址要求重定向，出于安全考虑未跟随（HTTP {status}），请检查 Webhook 地址"
            retryable = False
        elif status == 429:
            error = f"{self.label}机器人：发送过于频繁，已被限流（HTTP 429）"
            retryable = True
        elif status >= 500:
            error = f"{self.label}机器人服务暂时不可用（HTTP {status}）"
            retryable = True
        else:
            error = f"{self.label}机器人拒绝了请求（HTTP {status}），请检查 Webhook 地址"
            retryable = False
        return SendResult(
            ok=False,
            channel=self.channel,
            error=error,
            rate_limited=status == 429,
            retryable=retryable,
            http_status=status,
            reply=reply,
        )


def _parse_json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def _first(reply: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in reply:
            return reply[key]
    return None


def _first_int(reply: dict[str, Any], keys: tuple[str, ...]) -> int | None:
    value = _first(reply, keys)
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

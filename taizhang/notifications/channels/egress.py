"""Where the group-robot clients may connect to: the outbound-request policy (no Django here).

A webhook URL is typed by an office, so without a policy the server would POST to whatever the office
wrote — an intranet admin page, a cloud metadata address, a port scan one robot at a time. The policy:

- the host is one of the platform's own hosts (企业微信 ``qyapi.weixin.qq.com``, 钉钉 ``oapi.dingtalk.com``,
  飞书 ``open.feishu.cn`` / ``open.larksuite.com``) or one the system administrator listed for a self-hosted
  deployment (政务钉钉, 政务微信 …); ``.example.gov.cn`` in that list allows every subdomain;
- https only, unless the administrator allows http;
- every address the host resolves to must be a public unicast address; loopback, link-local, private,
  shared, multicast and reserved addresses are refused unless they lie in a network the administrator
  allowed explicitly;
- the check runs when the robot is saved *and* on every connection, and the connection goes to the very
  address that was checked (a DNS answer that changes between check and connect cannot slip through);
- redirects are never followed.

Refusals raise :class:`EgressRefused` whose message is Chinese and names nothing about what is listening.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

PLATFORM_HOSTS: dict[str, tuple[str, ...]] = {
    "wecom": ("qyapi.weixin.qq.com",),
    "dingtalk": ("oapi.dingtalk.com",),
    "feishu": ("open.feishu.cn", "open.larksuite.com"),
}

Resolver = Callable[[str, int], list[str]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class EgressRefused(ValueError):
    """The policy forbids this outbound request; ``str(exc)`` is a Chinese reason fit for the office."""


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6), through the operating system's resolver."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


# Indirection so tests replace the resolver in one place (they must never reach a real DNS server).
_resolver: dict[str, Resolver] = {"current": system_resolver}


def resolve(host: str, port: int) -> list[str]:
    """Resolve through the current resolver (the system's, or the one a test installed)."""
    return _resolver["current"](host, port)


def set_resolver(resolver: Resolver | None) -> Resolver:
    """Install ``resolver`` (None: the system's); answer the previous one so a test can put it back."""
    previous = _resolver["current"]
    _resolver["current"] = resolver or system_resolver
    return previous


def _host_matches(host: str, pattern: str) -> bool:
    pattern = pattern.strip().lower().rstrip(".")
    if not pattern:
        return False
    if pattern.startswith("."):
        return host.endswith(pattern) or host == pattern[1:]
    return host == pattern


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


@dataclass(frozen=True)
class EgressPolicy:
    """What the system administrator allows beyond the platforms' own public hosts (see module doc)."""

    extra_hosts: tuple[str, ...] = ()
    allow_http: bool = False
    allowed_networks: tuple[Network, ...] = field(default=())

    @classmethod
    def build(cls, *, extra_hosts: Iterable[str] = (), allow_http: bool = False,
              allowed_networks: Iterable[str] = ()) -> EgressPolicy:
        """A policy from plain settings values; a malformed network raises ValueError (caught at start-up)."""
        networks = tuple(ipaddress.ip_network(n.strip(), strict=False) for n in allowed_networks if n.strip())
        hosts = tuple(h.strip().lower().rstrip(".") for h in extra_hosts if h.strip())
        return cls(extra_hosts=hosts, allow_http=allow_http, allowed_networks=networks)

    # -- the URL ----------------------------------------------------------------------------------

    def check_url(self, url: str, channel: str) -> tuple[str, int]:
        """Check scheme and host of ``url`` for the robot platform ``channel``; answer (host, port)."""
        try:
            parts = urllib.parse.urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise EgressRefused("Webhook 地址格式不正确") from None
        scheme = parts.scheme.lower()
        if scheme not in ("https", "http"):
            raise EgressRefused("Webhook 地址应以 https:// 开头")
        if scheme == "http" and not self.allow_http:
            raise EgressRefused("Webhook 地址必须使用 https://（系统管理员未允许 http）")
        if parts.username is not None or parts.password is not None:
            raise EgressRefused("Webhook 地址不能包含用户名或密码")
        host = (parts.hostname or "").lower().rstrip(".")
        if not host:
            raise EgressRefused("Webhook 地址缺少主机名")
        allowed = PLATFORM_HOSTS.get(channel, ()) + self.extra_hosts
        if not any(_host_matches(host, pattern) for pattern in allowed):
            official = "、".join(PLATFORM_HOSTS.get(channel, ())) or "平台官方地址"
            raise EgressRefused(f"Webhook 地址的主机「{host}」不是该平台的机器人地址（应为 {official}；"
                                "自建平台的地址须由系统管理员加入允许列表）")
        return host, port or (443 if scheme == "https" else 80)

    # -- the addresses ----------------------------------------------------------------------------

    def address_allowed(self, address: str) -> bool:
        """True when a connection to ``address`` is allowed: public, or inside an allowed network."""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip in network for network in self.allowed_networks if network.version == ip.version):
            return True
        return _is_public(ip)

    def resolve_checked(self, host: str, port: int) -> str:
        """Resolve ``host``; answer the first address if *every* address is allowed, else refuse.

        All addresses are checked, not only the first: a name answering one public and one private
        address would otherwise reach the intranet on a retry.
        """
        try:
            addresses = resolve(host, port)
        except (OSError, UnicodeError):
            raise EgressRefused("Webhook 地址的主机名无法解析") from None
        if not addresses:
            raise EgressRefused("Webhook 地址的主机名无法解析")
        if not all(self.address_allowed(a) for a in addresses):
            raise EgressRefused("Webhook 地址指向内网、本机或保留地址，出于安全考虑已拒绝"
                                "（确需使用内网地址的，请系统管理员设置允许的网段）")
        return addresses[0]

    def check(self, url: str, channel: str) -> None:
        """The save-time check: the URL, then the addresses its host resolves to now."""
        host, port = self.check_url(url, channel)
        self.resolve_checked(host, port)

    # -- the opener -------------------------------------------------------------------------------

    def opener(self) -> urllib.request.OpenerDirector:
        """A urllib opener that connects only to checked addresses, follows no redirect and ignores
        proxy variables (a proxy would make the address check meaningless)."""
        return urllib.request.build_opener(
            urllib.request.ProxyHandler({}), _NoRedirect(),
            _GuardedHTTPHandler(self), _GuardedHTTPSHandler(self))


def _guarded_connection(base: type[http.client.HTTPConnection], policy: EgressPolicy, host: str,
                        **kwargs) -> http.client.HTTPConnection:
    """An http.client connection whose socket goes to the address ``policy`` checked at connect time.

    The TLS layer still verifies the certificate against the host *name* (``server_hostname``), since
    only the socket's destination is pinned.
    """
    connection = base(host, **kwargs)

    def create_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
        name, port = address
        pinned = policy.resolve_checked(name, port)
        return socket.create_connection((pinned, port), timeout, source_address)

    connection._create_connection = create_connection  # type: ignore[attr-defined]
    return connection


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, policy: EgressPolicy) -> None:
        super().__init__()
        self.policy = policy

    def http_open(self, req):
        return self.do_open(partial(_guarded_connection, http.client.HTTPConnection, self.policy), req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, policy: EgressPolicy) -> None:
        super().__init__()
        self.policy = policy

    def https_open(self, req):
        return self.do_open(partial(_guarded_connection, http.client.HTTPSConnection, self.policy), req,
                            context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Refuse every redirect: the 3xx answer comes back as an HTTPError the client interprets."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None

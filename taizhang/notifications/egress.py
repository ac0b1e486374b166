"""The outbound-request policy of the group robots as the system administrator configured it in settings.

Every robot client the Django side builds goes through :func:`robot_client`, so both the save-time check
(services) and the send-time check (outbox, test send) apply the same policy.
"""

from __future__ import annotations

from django.conf import settings

from taizhang.notifications.channels import RobotClient, client_for
from taizhang.notifications.channels.egress import EgressPolicy, EgressRefused


def robot_policy() -> EgressPolicy:
    """The policy from TAIZHANG_ROBOT_EXTRA_HOSTS / _ALLOW_HTTP / _ALLOWED_NETWORKS (read on each call)."""
    return EgressPolicy.build(
        extra_hosts=getattr(settings, "TAIZHANG_ROBOT_EXTRA_HOSTS", ()),
        allow_http=getattr(settings, "TAIZHANG_ROBOT_ALLOW_HTTP", False),
        allowed_networks=getattr(settings, "TAIZHANG_ROBOT_ALLOWED_NETWORKS", ()),
    )


def robot_client(robot, *, timeout: float = 10) -> RobotClient:
    """The client of a stored robot, bound to the policy: it checks scheme, host and every resolved
    address on each connection and never follows a redirect."""
    return client_for(robot.platform, robot.webhook_url, secret=robot.secret or None, timeout=timeout,
                      egress=robot_policy())


def check_webhook(platform: str, url: str) -> None:
    """The save-time check; raises EgressRefused with a Chinese reason."""
    robot_policy().check(url, platform)


__all__ = ["robot_policy", "robot_client", "check_webhook", "EgressRefused"]

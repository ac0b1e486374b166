"""Reads of practical matters, from the user's scope; the 需求清单 also from a member's own unit."""

from __future__ import annotations

from django.db.models import Q

from taizhang.core.querysets import narrowed, of_campaign, one_or_not_found
from taizhang.matters.models import MatterStatus, PracticalMatter
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import scope_q
from taizhang.stats.selectors import metric_narrowed


def matters_visible(user, campaign=None):
    qs = PracticalMatter.objects.for_user(user, P.VIEW).select_related("unit", "lead_leader", "claimed_unit")
    return of_campaign(qs, campaign)


def matter_list(user, campaign, *, status: str = "", unit=None, metric: str = ""):
    """The 实事清单 page's rows (newest first), filtered by status and by a unit's subtree; the Excel export reads
    the same function."""
    return metric_narrowed(narrowed(matters_visible(user, campaign), status=status, unit=unit), metric, campaign).order_by("-created_at", "-id")


def matter_get(user, pk: int) -> PracticalMatter:
    return one_or_not_found(matters_visible(user), "实事不存在或不在您的权限范围内", pk=pk)


def demand_list(user, campaign=None):
    """需求清单: matters still being collected that the user may claim (members: their own unit)."""
    q = None
    for action in (P.VIEW, P.OWN):
        part = scope_q(user, action)
        if part is not None:
            q = part if q is None else q | part
    if q is None:
        return PracticalMatter.objects.none()
    qs = PracticalMatter.objects.filter(q, status=MatterStatus.COLLECTING).select_related("unit")
    return of_campaign(qs, campaign)


def demand_get(user, pk: int) -> PracticalMatter:
    matter = demand_list(user).filter(pk=pk).first()
    return matter or one_or_not_found(matters_visible(user), "实事不存在或不在您的权限范围内", pk=pk)


def my_claims(user, campaign=None):
    qs = PracticalMatter.objects.filter(Q(claimed_by=user) | Q(lead_leader=user)).select_related("unit")
    return of_campaign(qs, campaign)


def matter_rows(user, campaign, *, status: str = "", unit=None, metric: str = ""):
    """`matter_list` with each row's campaign loaded too, for lists that show it (the API)."""
    return matter_list(user, campaign, status=status, unit=unit, metric=metric).select_related("campaign")


def demand_board(user, campaign):
    """需求清单: the newest 300 matters waiting to be claimed."""
    return demand_list(user, campaign).order_by("-created_at", "-id")[:300]


def my_claims_recent(user, campaign):
    """The user's latest 100 claims."""
    return my_claims(user, campaign).order_by("-id")[:100]

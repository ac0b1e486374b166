"""Reads for the statistics pages, API and CLI, starting from the user's scope.

A unit's figures roll up its whole subtree, so a user may see them only when the subtree is in scope as a
whole: an assignment granting `view` that includes subunits and covers the unit, or one on the unit
itself when it has no children. Anything else answers 404, like every out-of-scope object.
"""

from __future__ import annotations

from taizhang.orgs import permissions as P
from taizhang.orgs.scope import covers_subtree, user_assignments


def may_see_subtree(user, unit) -> bool:
    return covers_subtree(user, P.VIEW, unit)


def stats_unit(user, code: str):
    """The unit whose statistics `user` asked for, or NotFound."""
    from taizhang.orgs.models import Unit
    from taizhang.orgs.selectors import unit_named

    return unit_named(Unit.objects.all(), code, keep=lambda unit: may_see_subtree(user, unit))


def default_unit(user):
    """The top-most unit of the user's statistics scope (None when there is none)."""
    units = sorted({a.unit.path: a.unit for a in user_assignments(user)}.values(), key=lambda u: u.path)
    for unit in units:
        if may_see_subtree(user, unit):
            return unit
    return None


def metric_q(key: str, campaign, on=None):
    """The condition selecting the records figure `key` counts (stats.catalogue.record_q) as of `on` (today), so a
    list narrowed by it holds as many rows as the figure says; a key that names no such records selects none."""
    from django.db.models import Q
    from django.utils import timezone

    from taizhang.stats.catalogue import Ctx, record_q

    days = campaign.due_soon_days if campaign is not None else 0
    q = record_q(key, Ctx(on=on or timezone.localdate(), due_soon_days=days))
    return Q(pk__in=[]) if q is None else q


def metric_narrowed(qs, key: str, campaign):
    """`qs` narrowed to the records figure `key` counts; unchanged when no key is given."""
    return qs.filter(metric_q(key, campaign)) if key else qs

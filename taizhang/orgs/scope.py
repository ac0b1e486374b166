"""Scoping: every read starts here.

`ScopedQuerySet.for_user(user, action)` returns only the rows whose owning unit lies inside one of
the user's assignments for a role that grants `action`. Models say where their owning unit is with
`scope_unit_field` ("unit", "problem__unit", or "" for the Unit model itself).

Subtrees are selected by a range on the materialized path (`path >= P and path < next(P)`), which
every database answers from the path index whatever its collation, unlike LIKE 'P%'.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from taizhang.orgs.permissions import roles_granting

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_upper_bound(path: str) -> str:
    """The smallest path greater than every path that starts with `path`."""
    chars = list(path)
    i = len(chars) - 1
    while i >= 0:
        pos = PATH_ALPHABET.index(chars[i])
        if pos + 1 < len(PATH_ALPHABET):
            chars[i] = PATH_ALPHABET[pos + 1]
            return "".join(chars[: i + 1])
        i -= 1
    return "~"  # path was all Z: nothing can be above it


def subtree_q(path: str, field: str = "", *, include_subunits: bool = True, unit_id: int | None = None) -> Q:
    """Q selecting rows whose unit (reached through `field`) is the unit at `path` or below it."""
    prefix = f"{field}__" if field else ""
    if not include_subunits:
        key = f"{field}_id" if field else "pk"
        if unit_id is not None:
            return Q(**{key: unit_id})
        return Q(**{f"{prefix}path": path})
    return Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": path_upper_bound(path)})


def user_assignments(user) -> list:
    """The user's role assignments with their units, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_tz_assignments", None)
    if cached is None:
        from taizhang.orgs.models import RoleAssignment

        cached = list(RoleAssignment.objects.filter(user=user, unit__active=True).select_related("unit"))
        user._tz_assignments = cached
    return cached


def forget_assignments(user) -> None:
    if hasattr(user, "_tz_assignments"):
        del user._tz_assignments


def scope_q(user, action: str, field: str = "unit") -> Q | None:
    """Q for rows in the user's scope for `action`, or None when the user has no such scope."""
    roles = roles_granting(action)
    parts = [
        subtree_q(a.unit.path, field, include_subunits=a.include_subunits, unit_id=a.unit_id)
        for a in user_assignments(user)
        if a.role in roles
    ]
    if not parts:
        return None
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def has_action(user, action: str, unit) -> bool:
    """Whether `user` may do `action` on records owned by `unit`."""
    roles = roles_granting(action)
    for a in user_assignments(user):
        if a.role not in roles:
            continue
        if a.unit_id == unit.pk or (a.include_subunits and unit.path.startswith(a.unit.path)):
            return True
    return False


def covers_subtree(user, action: str, unit) -> bool:
    """Whether `user` may do `action` on every unit of `unit`'s subtree: an assignment with its subunits at `unit`
    or above, or one at `unit` itself when it has no units below. (has_action on the unit alone is not enough: an
    assignment without subunits at the unit holds only the unit's own records.)"""
    roles = roles_granting(action)
    for a in user_assignments(user):
        if a.role not in roles:
            continue
        if a.include_subunits and unit.path.startswith(a.unit.path):
            return True
        if a.unit_id == unit.pk and unit.numchild == 0:
            return True
    return False


def has_any_role(user, *roles: str) -> bool:
    return any(a.role in roles for a in user_assignments(user))


def scope_units(user, action: str):
    """The units on which the user may do `action` (a Unit queryset)."""
    from taizhang.orgs.models import Unit

    return Unit.objects.for_user(user, action)


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        field = getattr(self.model, "scope_unit_field", "unit")
        q = scope_q(user, action, field)
        if q is None:
            return self.none()
        return self.filter(q)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def require_action(user, unit, *actions: str, message: str) -> None:
    """Refuse (PermissionDenied `message`) a user holding none of `actions` on `unit`; `None` is the system."""
    from taizhang.core.exceptions import PermissionDenied

    if user is not None and not any(has_action(user, a, unit) for a in actions):
        raise PermissionDenied(message)


def holds_any_action(user, *actions: str) -> bool:
    """Whether the user holds, anywhere, a role granting one of `actions` (who is offered a page's link)."""
    from taizhang.orgs.permissions import roles_granting

    return has_any_role(user, *set().union(*(roles_granting(a) for a in actions)))


def require_any_action(user, *actions: str) -> None:
    """A page that exists only for holders of a role granting one of `actions` (404 for the others)."""
    from django.http import Http404

    from taizhang.orgs.permissions import roles_granting

    roles = set().union(*(roles_granting(a) for a in actions))
    if not has_any_role(user, *roles):
        raise Http404("页面不存在")

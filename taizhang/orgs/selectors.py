"""Reads of units, accounts and assignments, always starting from the user's scope."""

from __future__ import annotations

from django.db.models import Q

from taizhang.core.exceptions import NotFound, ValidationFailed
from taizhang.core.querysets import one_or_not_found
from taizhang.orgs import permissions as P
from taizhang.orgs.models import RoleAssignment, Unit, User
from taizhang.orgs.scope import has_action, scope_q, user_assignments

# Any role that lets a user see a unit in the tree: business roles see their subtree, the
# sysadmin manages it, the secadmin grants roles on it.
TREE_ACTIONS = (P.VIEW, P.OWN, P.MANAGE_UNITS, P.MANAGE_ROLES)


def units_visible(user):
    """Units the user may see in the tree (any role)."""
    q = None
    for action in TREE_ACTIONS:
        part = scope_q(user, action, "")
        if part is not None:
            q = part if q is None else q | part
    return Unit.objects.none() if q is None else Unit.objects.filter(q)


def tree_roots(user) -> list[Unit]:
    """The top-most units of the user's assignments (nested assignments collapse into their parent)."""
    units = sorted({a.unit.path: a.unit for a in user_assignments(user)}.values(), key=lambda u: u.path)
    roots: list[Unit] = []
    for unit in units:
        if not any(unit.path.startswith(r.path) for r in roots):
            roots.append(unit)
    return roots


def unit_matches(qs, text: str, keep=None) -> list[Unit]:
    """The units of `qs` that `text` names: the one with that code, else those whose full name or short name is
    exactly `text` (a unit picked by name without the picker's list). `keep(unit)` drops candidates the caller
    may not use. More than one unit means the name is ambiguous; the list holds at most 20."""
    text = (text or "").strip()
    if not text:
        return []
    rows = [u for u in qs.filter(code=text)[:1] if keep is None or keep(u)]
    if rows:
        return rows
    rows = qs.filter(Q(name=text) | Q(short_name=text)).order_by("path")[:20]
    return [u for u in rows if keep is None or keep(u)]


def unit_miss_message(text: str, matches: list) -> str:
    """Why `text` names no single unit: none in the scope, or several (pick one from the list)."""
    if matches:
        return f"「{text}」对应多个单位，请从下拉中选择"
    return f"单位「{text}」不存在或不在您的权限范围内"


def unit_named(qs, text: str, keep=None) -> Unit:
    """The one unit of `qs` that `text` names by code or exact name (NotFound naming the value otherwise)."""
    matches = unit_matches(qs, text, keep)
    if len(matches) != 1:
        raise NotFound(unit_miss_message((text or "").strip(), matches))
    return matches[0]


def unit_get(user, code: str, action: str | None = None) -> Unit:
    """A unit by code (or exact name) if the user may see it (404 otherwise)."""
    qs = Unit.objects.for_user(user, action) if action else units_visible(user)
    return unit_named(qs, code)


def unit_children(user, unit: Unit):
    """Direct children of a visible unit, in tree order."""
    return units_visible(user).filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("sort_order", "path")


def unit_search(user, text: str, limit: int = 30):
    text = (text or "").strip()
    if not text:
        return Unit.objects.none()
    return units_visible(user).filter(Q(name__icontains=text) | Q(code__iexact=text))[:limit]


PATH_SEP = " › "


def _path_above(levels: int):
    """The path of the outer unit's ancestor `levels` steps up, as an expression; empty (matching no unit) above
    the top of the tree. The length is clamped at zero because PostgreSQL refuses a negative substring length."""
    from django.db.models import OuterRef, Value
    from django.db.models.functions import Greatest, Length, Substr

    cut = Greatest(Length(OuterRef("path")) - levels * Unit.steplen, Value(0))
    return Substr(OuterRef("path"), 1, cut)


def with_path_names(qs):
    """Units annotated with the names of their parent and grandparent (`parent_name`, `grandparent_name`) in one
    query, for `path_label`."""
    from django.db.models import Subquery

    def above(levels: int):
        return Subquery(Unit.objects.filter(path=_path_above(levels)).values("name")[:1])

    return qs.annotate(parent_name=above(1), grandparent_name=above(2))


def path_label(unit) -> str:
    """「东县县委 › 东镇党委 › 东村党支部」: the unit under its parent and grandparent, which tells namesakes apart
    (read from with_path_names' annotations, or looked up for a single unit)."""
    if not hasattr(unit, "parent_name"):
        names = [u.name for u in unit.ancestors_and_self()][-3:]
        return PATH_SEP.join(names)
    return PATH_SEP.join(n for n in (unit.grandparent_name, unit.parent_name, unit.name) if n)


def _first_exact(qs, text: str, *exact: str):
    """`qs` with rows whose `exact` fields equal `text` first (then those that start with it)."""
    from django.db.models import Case, IntegerField, Value, When

    whens = [When(Q(**{f: text}), then=Value(0)) for f in exact]
    whens += [When(Q(**{f"{f}__startswith": text}), then=Value(1)) for f in exact]
    return qs.annotate(match_rank=Case(*whens, default=Value(2), output_field=IntegerField()))


def unit_lookup(user, q: str, action: str | None = None):
    """The type-ahead look-up of units (the pickers of every form and filter, and `GET /api/v1/units?q=`): active
    units in the user's scope — for `action`, else any unit they see — whose name, short name or code contains
    `q`, exact and leading matches first, then in tree order; each with `path_label`'s names."""
    q = (q or "").strip()
    qs = Unit.objects.for_user(user, action) if action else units_visible(user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
        qs = _first_exact(qs, q, "code", "name", "short_name").order_by("match_rank", "depth", "path")
    else:
        qs = qs.order_by("depth", "path")
    return with_path_names(with_parent_code(qs.filter(active=True)))


def people_visible(user):
    """Active accounts placed in units the user sees (a responsible person, a leader, an assignee)."""
    return User.objects.filter(is_active=True, unit__in=units_visible(user))


def people_lookup(user, q: str):
    """The type-ahead look-up of accounts (the person pickers and `GET /api/v1/people?q=`): active accounts in
    units the user sees whose name or username contains `q`, exact and leading matches first."""
    q = (q or "").strip()
    qs = people_visible(user).select_related("unit")
    if q:
        qs = qs.filter(Q(display_name__icontains=q) | Q(username__icontains=q))
        qs = _first_exact(qs, q, "username", "display_name").order_by("match_rank", "unit__path", "username")
    else:
        qs = qs.order_by("unit__path", "username")
    return qs


def person_named(user, text: str, *, field: str):
    """The account `text` names in the user's scope: its username, else the one account with exactly that name;
    None when `text` names no account (a name kept as typed). Several accounts of that name: ValidationFailed."""
    text = (text or "").strip()
    if not text:
        return None
    qs = people_visible(user)
    found = qs.filter(username=text).first()
    if found is not None:
        return found
    same = list(qs.filter(display_name=text)[:2])
    if len(same) > 1:
        raise ValidationFailed(f"「{text}」对应多个账号，请从下拉中选择", field=field)
    return same[0] if same else None


def users_managed(user):
    """Accounts the sysadmin (or secadmin, for granting) may see: those placed in their units."""
    q = None
    for action in (P.MANAGE_USERS, P.MANAGE_ROLES):
        units = Unit.objects.for_user(user, action)
        part = Q(unit__in=units)
        q = part if q is None else q | part
    if not any(a.role in (P.SYSADMIN, P.SECADMIN) for a in user_assignments(user)):
        return User.objects.none()
    return User.objects.filter(q).select_related("unit").order_by("unit__path", "username")


def unit_list(user, *, unit: Unit | None = None, q: str = ""):
    """Units the user sees, in tree order (every parent before its children), optionally one unit's subtree and
    a name/code search as on the tree page. The Excel export of units reads this."""
    qs = units_visible(user)
    if unit is not None:
        qs = qs.filter(unit.subtree_q(""))
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return qs.order_by("path")


def user_list(user, *, q: str = "", unit: Unit | None = None):
    """The 用户管理 page's rows: the accounts the user manages, searched by username, name or unit name, optionally
    only those placed in one unit's subtree. The Excel export of users reads this."""
    qs = users_managed(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(display_name__icontains=q) | Q(unit__name__icontains=q))
    if unit is not None:
        qs = qs.filter(unit.subtree_q("unit"))
    return qs


def assignments_managed(user):
    """Role assignments a secadmin may see and revoke: those on units in their scope."""
    units = Unit.objects.for_user(user, P.MANAGE_ROLES)
    return (RoleAssignment.objects.filter(unit__in=units).select_related("user", "unit", "granted_by")
            .order_by("unit__path", "user__username", "role"))


def unit_from_code(user, code: str, action: str, *, field: str = "unit_code"):
    """The unit with `code` (or that exact name) if the user may do `action` there; a ValidationFailed naming the
    field and the value otherwise."""

    code = (code or "").strip()
    matches = unit_matches(Unit.objects.all(), code,
                           keep=None if user is None else (lambda unit: has_action(user, action, unit)))
    if len(matches) != 1:
        raise ValidationFailed(unit_miss_message(code, matches), field=field)
    return matches[0]


def user_from_username(username: str, *, field: str):
    """The active account with that username — or, typed by hand, the one active account with exactly that name;
    None when empty. ValidationFailed under `field` naming the value when none (or several) match."""
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        same = list(User.objects.filter(display_name=username, is_active=True)[:2])
        if len(same) > 1:
            raise ValidationFailed(f"「{username}」对应多个账号，请从下拉中选择", field=field)
        if not same:
            raise ValidationFailed(f"账号「{username}」不存在或已停用", field=field)
        user = same[0]
    return user


def unit_page(user, unit: Unit) -> dict:
    """What a unit's page shows around it: its ancestors (each marked whether the user may open it), its first
    200 children and how many units the user sees below it."""
    ancestors = [a for a in unit.ancestors_and_self() if a.pk != unit.pk]
    visible = set(units_visible(user).filter(pk__in=[a.pk for a in ancestors]).values_list("pk", flat=True))
    return {"ancestors": [{"unit": a, "visible": a.pk in visible} for a in ancestors],
            "children": list(unit_children(user, unit)[:200]),
            "descendants": units_visible(user).filter(path__startswith=unit.path).count() - 1}


def user_managed_get(user, pk=None, *, username: str = "", field: str | None = None) -> User:
    """An account the user manages, by id (NotFound → 404) or by username or exact name (ValidationFailed under
    `field`)."""
    if username:
        username = username.strip()
        target = users_managed(user).filter(username=username).first()
        if target is None:
            same = list(users_managed(user).filter(display_name=username)[:2])
            if len(same) > 1:
                raise ValidationFailed(f"「{username}」对应多个账号，请从下拉中选择", field=field)
            if not same:
                raise ValidationFailed(f"用户「{username}」不存在或不在您的管理范围内", field=field)
            target = same[0]
        return target
    return one_or_not_found(users_managed(user), "用户不存在", pk=pk)


def assignment_list(user, *, q: str = ""):
    """The 角色授权 page's rows: assignments the user manages, searched by username, name or unit name."""
    qs = assignments_managed(user)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(user__username__icontains=q) | Q(user__display_name__icontains=q) |
                       Q(unit__name__icontains=q))
    return qs


def assignment_get(user, pk) -> RoleAssignment:
    return one_or_not_found(assignments_managed(user), "授权记录不存在", pk=pk)


def tokens_active(user):
    """The user's own API tokens that still work, newest first."""
    return user.api_tokens.filter(revoked=False).order_by("-created_at")


def token_get(user, pk):
    """One of the user's own API tokens (NotFound for anyone else's or a made-up id)."""
    token = user.api_tokens.filter(pk=pk).first() if str(pk or "").isdigit() else None
    if token is None:
        raise NotFound("令牌不存在")
    return token


def with_account(data: dict, *, typed: str = "leader_username", into: str = "lead_leader") -> dict:
    """A copy of form data with the username typed in `typed` replaced by the account it names, under `into`
    (None when left empty; ValidationFailed under `typed` for an unknown or inactive account)."""
    data = dict(data)
    data[into] = user_from_username(data.pop(typed), field=typed)
    return data


def with_parent_code(qs):
    """Units annotated with `parent_code`, the code of their parent (None at the top of the tree), in one query."""
    from django.db.models import Subquery

    parent = Unit.objects.filter(path=_path_above(1))
    return qs.annotate(parent_code=Subquery(parent.values("code")[:1]))


def unit_roots(user):
    """The top-most units of the user's assignments as a queryset in tree order, with `parent_code`."""
    return with_parent_code(Unit.objects.filter(pk__in=[u.pk for u in tree_roots(user)]).order_by("path"))


def unit_subtree(user, unit: Unit, depth: int):
    """`unit` and its visible descendants down to `depth` levels below it, in tree order, with `parent_code`."""
    rows = units_visible(user).filter(path__startswith=unit.path, depth__lte=unit.depth + depth)
    return with_parent_code(rows.order_by("path"))


def unit_detail(user, code: str) -> Unit:
    """The unit with `code` in the user's scope, with its parent's code (`parent_code`) for the API."""
    unit = unit_get(user, code)
    return with_path_names(with_parent_code(units_visible(user))).get(pk=unit.pk)

"""All writes to units, accounts, role assignments and API tokens. Each writes an audit event."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from taizhang.audit.services import audit_record, diff_fields, snapshot
from taizhang.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs.models import ApiToken, RoleAssignment, Unit, UnitKind, User
from taizhang.orgs.scope import forget_assignments, has_action, has_any_role
from taizhang.security.passwords import record_password

UNIT_FIELDS = ["code", "name", "short_name", "kind", "active", "sort_order"]
USER_FIELDS = ["username", "display_name", "phone", "title", "unit", "email", "is_active"]


def _require(actor, action: str, unit: Unit) -> None:
    """System actors (None, e.g. the demo generator and migrations) may do anything."""
    if actor is not None and not has_action(actor, action, unit):
        raise PermissionDenied("您没有在该单位执行此操作的权限")


def _is_sysadmin(actor) -> bool:
    return has_any_role(actor, P.SYSADMIN)


def _validate_unit_fields(*, code: str, name: str, kind: str, exclude_pk=None) -> None:
    errors = {}
    if not code or not code.strip():
        errors["code"] = ["单位编码不能为空"]
    elif len(code) > 40:
        errors["code"] = [f"单位编码「{code}」过长（最多40个字符）"]
    elif Unit.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        errors["code"] = [f"单位编码「{code}」已被使用，请换一个编码"]
    if not name or not name.strip():
        errors["name"] = ["单位名称不能为空"]
    if kind not in UnitKind.values:
        errors["kind"] = [f"单位类型「{kind}」无效"]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, errors=errors)


@transaction.atomic
def unit_create(*, actor, parent: Unit | None, code: str, name: str, kind: str = UnitKind.OTHER,
                short_name: str = "", sort_order: int = 0) -> Unit:
    code, name = (code or "").strip(), (name or "").strip()
    if parent is None:
        if actor is not None and not _is_sysadmin(actor):
            raise PermissionDenied("只有系统管理员可以创建顶级单位")
    else:
        _require(actor, P.MANAGE_UNITS, parent)
    _validate_unit_fields(code=code, name=name, kind=kind)
    fields = dict(code=code, name=name, kind=kind, short_name=short_name.strip(), sort_order=sort_order)
    try:
        with transaction.atomic():
            unit = Unit.objects.add_root(fields) if parent is None else Unit.objects.add_child(parent, fields)
    except IntegrityError:
        raise ValidationFailed(f"单位编码「{code}」已被使用，请换一个编码", field="code")
    audit_record(actor=actor, action="unit.create", obj=unit, changes=snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, name: str | None = None, short_name: str | None = None,
                kind: str | None = None, code: str | None = None, sort_order: int | None = None) -> Unit:
    """Rename or re-type a unit. The code may change but must stay unique."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(actor, P.MANAGE_UNITS, unit)
    before = snapshot(unit, UNIT_FIELDS)
    if name is not None:
        unit.name = name.strip()
    if short_name is not None:
        unit.short_name = short_name.strip()
    if kind is not None:
        unit.kind = kind
    if code is not None:
        unit.code = code.strip()
    if sort_order is not None:
        unit.sort_order = sort_order
    _validate_unit_fields(code=unit.code, name=unit.name, kind=unit.kind, exclude_pk=unit.pk)
    unit.save()
    changes = diff_fields(before, snapshot(unit, UNIT_FIELDS))
    if changes:
        audit_record(actor=actor, action="unit.update", obj=unit, changes=changes)
    return unit


@transaction.atomic
def unit_move(*, actor, unit: Unit, new_parent: Unit) -> Unit:
    """Move a unit and its whole subtree under `new_parent`. Records keep pointing at the same units."""
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    _require(actor, P.MANAGE_UNITS, unit)
    _require(actor, P.MANAGE_UNITS, new_parent)
    if new_parent.pk == unit.pk:
        raise ValidationFailed(f"不能把「{unit.name}」移动到它自己下面", field="parent")
    if new_parent.path.startswith(unit.path):
        raise ValidationFailed(
            f"不能把「{unit.name}」移动到它的下级单位「{new_parent.name}」下面，这会形成循环", field="parent"
        )
    old_parent = Unit.objects.get_parent(unit)
    if old_parent and old_parent.pk == new_parent.pk:
        return unit
    old_path = unit.path
    Unit.objects.move(unit, new_parent, "last-child")
    unit.refresh_from_db()
    from taizhang.stats.cells import unit_moved

    unit_moved(old_path, unit.path)
    audit_record(
        actor=actor, action="unit.move", obj=unit,
        changes={"parent": [old_parent.code if old_parent else None, new_parent.code]},
    )
    return unit


@transaction.atomic
def unit_set_active(*, actor, unit: Unit, active: bool) -> Unit:
    """Deactivate (or reactivate) a unit. Deactivating a unit with active subunits is refused."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(actor, P.MANAGE_UNITS, unit)
    if unit.active == active:
        return unit
    if not active and Unit.objects.get_children(unit).filter(active=True).exists():
        raise ValidationFailed(f"「{unit.name}」还有启用中的下级单位，请先停用或移走下级单位", field="active")
    unit.active = active
    unit.save(update_fields=["active", "updated_at"])
    audit_record(actor=actor, action="unit.activate" if active else "unit.deactivate", obj=unit,
                 changes={"active": [not active, active]})
    return unit


# --- users --------------------------------------------------------------------------------------

def _validate_phone(phone: str) -> str:
    phone = (phone or "").strip().replace(" ", "").replace("-", "")
    if phone and (not phone.isdigit() or not 7 <= len(phone) <= 15):
        raise ValidationFailed(f"手机号「{phone}」格式不正确", field="phone")
    return phone


@transaction.atomic
def user_create(*, actor, username: str, password: str, display_name: str = "", phone: str = "",
                title: str = "", unit: Unit | None = None, email: str = "", check_password: bool = True) -> User:
    username = (username or "").strip()
    if not username:
        raise ValidationFailed("用户名不能为空", field="username")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(f"用户名「{username}」已存在", field="username")
    if unit is not None:
        _require(actor, P.MANAGE_USERS, unit)
    elif actor is not None and not _is_sysadmin(actor):
        raise PermissionDenied("只有系统管理员可以创建用户")
    user = User(username=username, display_name=display_name.strip(), phone=_validate_phone(phone),
                title=title.strip(), unit=unit, email=email.strip())
    if check_password:
        try:
            validate_password(password, user)
        except DjangoValidationError as exc:
            raise ValidationFailed("；".join(exc.messages), field="password")
    user.set_password(password)
    user.save()
    record_password(user, by_holder=False)
    audit_record(actor=actor, action="user.create", obj=user,
                 changes={k: v for k, v in snapshot(user, USER_FIELDS).items() if k != "phone"}, unit=unit)
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk != user.pk:
        _require_user_admin(actor, user)
    before = snapshot(user, USER_FIELDS)
    allowed = {"display_name", "phone", "title", "unit", "email", "is_active"}
    if actor is not None and actor.pk == user.pk:
        allowed = {"display_name", "phone", "email"}  # own profile: no self-(de)activation or moves
    for name, value in fields.items():
        if name not in allowed:
            raise PermissionDenied(f"不能修改字段「{name}」")
        if name == "phone":
            value = _validate_phone(value)
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.save()
    changes = diff_fields(before, snapshot(user, USER_FIELDS))
    if "phone" in changes:
        changes["phone"] = ["***", "***"]  # the audit log is read by the auditor; phones stay masked
    if changes:
        audit_record(actor=actor, action="user.update", obj=user, changes=changes, unit=user.unit)
    return user


def _require_user_admin(actor, user: User) -> None:
    if user.unit is not None:
        _require(actor, P.MANAGE_USERS, user.unit)
    elif not _is_sysadmin(actor):
        raise PermissionDenied("只有系统管理员可以管理用户")


@transaction.atomic
def user_set_password(*, actor, user: User, password: str, old_password: str | None = None,
                      keep_tokens: bool = False) -> None:
    """Change one's own password (the old one required), or reset another account's (an administrator).

    A reset is the dangerous case — whoever sets a password can log in with it — so it is fenced: no
    三员 account's password can be reset through the application at all (only by its holder, or by the
    operator on the server, actor None), the account must choose a new password at its next login
    (orgs.middleware), its API tokens are revoked, its holder is told (inbox and e-mail), and the reset is
    an audit event the auditor reads.

    Changing one's own password revokes one's API tokens too (a token made with a leaked password must not
    outlive it), unless the holder ticks to keep them (`keep_tokens`). Every password set is kept in the
    history (taizhang.security.passwords): the last N may not be chosen again, and its date starts the expiry.
    """
    own = actor is not None and actor.pk == user.pk
    if own:
        if old_password is None or not user.check_password(old_password):
            raise ValidationFailed("原密码不正确", field="old_password")
    elif actor is not None:
        if has_any_role(user, *P.THREE_ADMINS):
            raise PermissionDenied("三员账号（系统管理员、安全管理员、审计管理员）的密码只能由本人修改，"
                                   "不能由其他账号重置")
        _require_user_admin(actor, user)
    if own and user.check_password(password):
        raise ValidationFailed("新密码不能与原密码相同", field="password")
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed("；".join(exc.messages), field="password")
    user.set_password(password)
    if own:
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record_password(user, by_holder=True)
        revoked = 0 if keep_tokens else ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)
        audit_record(actor=actor, action="user.password", obj=user, unit=user.unit,
                     changes={"tokens_revoked": revoked, "tokens_kept": keep_tokens})
        return
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    record_password(user, by_holder=False)
    revoked = ApiToken.objects.filter(user=user, revoked=False).update(revoked=True)
    audit_record(actor=actor, action="user.password_reset", obj=user, unit=user.unit,
                 changes={"must_change_password": True, "tokens_revoked": revoked})
    _tell_password_reset(actor=actor, user=user)


def _tell_password_reset(*, actor, user: User) -> None:
    """The holder learns of the reset by inbox and e-mail (never in a group chat: no robots)."""
    from taizhang.notifications.services import notify

    who = (getattr(actor, "display_name", "") or getattr(actor, "username", "")) if actor is not None else "运维人员"
    when = timezone.localtime(timezone.now())
    notify(recipients=[user], title="您的登录密码已被重置", kind="security", actor=actor, robots=False,
           body=f"{who}于 {when:%Y-%m-%d %H:%M} 重置了您的登录密码，您的接口令牌已同时作废。下次登录时须设置新密码。"
                "如非您本人申请，请立即联系安全管理员。")


# --- role assignments --------------------------------------------------------------------------

@transaction.atomic
def role_assign(*, actor, user: User, role: str, unit: Unit, include_subunits: bool = True) -> RoleAssignment:
    """Grant `role` over `unit`. Enforces the 三员 rule: an account holding one of sysadmin,
    secadmin and auditor holds no other role at all."""
    if role not in P.ROLE_LABELS:
        raise ValidationFailed(f"角色「{role}」无效", field="role")
    if actor is not None and not has_action(actor, P.MANAGE_ROLES, unit):
        raise PermissionDenied("只有安全管理员可以在该单位授权")
    user = User.objects.select_for_update().get(pk=user.pk)
    held = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    label = P.ROLE_LABELS[role]
    if role in P.THREE_ADMINS:
        others = held - {role}
        if others:
            names = "、".join(str(P.ROLE_LABELS[r]) for r in sorted(others))
            raise ValidationFailed(
                f"「{user}」已担任{names}，按三员分立要求不能再授予{label}", field="role"
            )
    elif held & P.THREE_ADMINS:
        names = "、".join(str(P.ROLE_LABELS[r]) for r in sorted(held & P.THREE_ADMINS))
        raise ValidationFailed(f"「{user}」是{names}，三员账号不能再授予业务角色{label}", field="role")
    if actor is not None and actor.pk == user.pk:
        raise ValidationFailed("不能给自己授权", field="user")
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit,
        defaults={"include_subunits": include_subunits, "granted_by": actor if getattr(actor, "pk", None) else None},
    )
    if not created and assignment.include_subunits != include_subunits:
        assignment.include_subunits = include_subunits
        assignment.save(update_fields=["include_subunits"])
    elif not created:
        return assignment
    forget_assignments(user)
    audit_record(actor=actor, action="role.assign", obj=assignment, unit=unit,
                 changes={"user": user.username, "role": role, "unit": unit.code,
                          "include_subunits": include_subunits})
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    if actor is not None and not has_action(actor, P.MANAGE_ROLES, assignment.unit):
        raise NotFound("授权记录不存在")
    if actor is not None and actor.pk == assignment.user_id:
        raise ValidationFailed("不能撤销自己的授权", field="user")
    audit_record(actor=actor, action="role.revoke", obj=assignment, unit=assignment.unit,
                 changes={"user": assignment.user.username, "role": assignment.role, "unit": assignment.unit.code})
    assignment.delete()


# --- API tokens ----------------------------------------------------------------------------------

@transaction.atomic
def token_create(*, actor: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for the actor; returns the row and the clear key, which is never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed("请填写令牌名称", field="name")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=actor, name=name[:60], key_hash=ApiToken.hash_key(key), prefix=key[3:9],
        expires_at=timezone.now() + timedelta(days=days or settings.TAIZHANG_API_TOKEN_DAYS),
    )
    audit_record(actor=actor, action="token.create", obj=token, object_repr=f"{name} ({token.prefix}…)",
                 unit=actor.unit)
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.user_id != actor.pk:
        raise NotFound("令牌不存在")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit_record(actor=actor, action="token.revoke", obj=token, object_repr=f"{token.name} ({token.prefix}…)",
                 unit=actor.unit)

"""Pages for the unit tree, accounts (sysadmin), role assignments (secadmin) and the user's own profile."""

from functools import partial

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from taizhang.core.exceptions import TaizhangError
from taizhang.orgs import permissions as P
from taizhang.orgs import selectors, services
from taizhang.orgs.forms import (
    AssignmentForm,
    PasswordForm,
    ProfileForm,
    ResetPasswordForm,
    TokenForm,
    UnitForm,
    UnitMoveForm,
    UserCreateForm,
    UserEditForm,
)
from taizhang.orgs.middleware import PASSWORD_EXPIRED_KEY
from taizhang.orgs.scope import has_action, has_any_role, user_assignments
from taizhang.web.shapes import action_dispatch, form_page, list_page, page_of, post_action
from taizhang.web.views import form_apply_error, page, require_roles


def _tree_nodes(user, units):
    can_manage = [has_action(user, P.MANAGE_UNITS, u) for u in units]
    return [{"unit": u, "can_manage": m} for u, m in zip(units, can_manage, strict=True)]


@page()
def unit_tree(request):
    """The tree starts at the user's top-most units; deeper levels load on demand (htmx)."""
    roots = selectors.tree_roots(request.user)
    query = request.GET.get("q", "").strip()
    found = list(selectors.unit_search(request.user, query)) if query else []
    return render(request, "orgs/unit_tree.html", {"roots": _tree_nodes(request.user, roots), "query": query,
                                                   "found": found})


LOOKUP_SIZE = 20
LOOKUP_ACTIONS = frozenset().union(*P.ROLE_ACTIONS.values())


@require_GET
@page()
def unit_lookup(request):
    """The unit pickers' suggestions (session-authenticated JSON): units in the user's scope matching ``q`` —
    for ``action`` (the action the form needs there, e.g. create) where one is given — with their path labels."""
    action = request.GET.get("action", "")
    rows = selectors.unit_lookup(request.user, request.GET.get("q", ""), action if action in LOOKUP_ACTIONS else None)
    return JsonResponse({"items": [{"value": u.code, "code": u.code, "name": u.name, "short_name": u.short_name,
                                    "path_label": selectors.path_label(u)} for u in rows[:LOOKUP_SIZE]]})


@require_GET
@page()
def people_lookup(request):
    """The person pickers' suggestions (session-authenticated JSON): accounts in the user's scope matching ``q``."""
    rows = selectors.people_lookup(request.user, request.GET.get("q", ""))
    return JsonResponse({"items": [{"value": u.username, "username": u.username, "name": u.display_name or u.username,
                                    "unit": u.unit.code if u.unit_id else "", "unit_name": u.unit.name if u.unit_id else ""}
                                   for u in rows[:LOOKUP_SIZE]]})


@page()
def unit_children(request, code):
    unit = selectors.unit_get(request.user, code)
    children = list(selectors.unit_children(request.user, unit))
    return render(request, "orgs/_unit_children.html", {"nodes": _tree_nodes(request.user, children)})


@page()
def unit_detail(request, code):
    unit = selectors.unit_get(request.user, code)
    can_manage = has_action(request.user, P.MANAGE_UNITS, unit)
    ctx = {"unit": unit, "can_manage": can_manage, **selectors.unit_page(request.user, unit)}
    if can_manage:
        ctx.update(child_form=UnitForm(prefix="child"), edit_form=UnitForm(prefix="edit", initial={
            "code": unit.code, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
            "sort_order": unit.sort_order}), move_form=UnitMoveForm(prefix="move"))
    return render(request, "orgs/unit_detail.html", ctx)


def _unit_page(unit) -> str:
    return reverse("orgs:unit_detail", kwargs={"code": unit.code})


def _unit_child(request, code):
    unit = selectors.unit_get(request.user, code, P.MANAGE_UNITS)
    return post_action(request, lambda d: services.unit_create(
        actor=request.user, parent=unit, code=d["code"], name=d["name"], kind=d["kind"], short_name=d["short_name"],
        sort_order=d["sort_order"] or 0), form=UnitForm(request.POST, prefix="child"),
        success=lambda child: f"已新建下级单位「{child.name}」", to=_unit_page(unit))


def _unit_edit(request, code):
    unit = selectors.unit_get(request.user, code, P.MANAGE_UNITS)
    # a changed code moves the page: follow the unit to its new address
    return post_action(request, lambda d: services.unit_update(actor=request.user, unit=unit, **d),
                       form=UnitForm(request.POST, prefix="edit"), success="单位信息已保存",
                       to=lambda saved: _unit_page(saved or unit))


def _unit_move(request, code):
    unit = selectors.unit_get(request.user, code, P.MANAGE_UNITS)

    def move(d):
        target = selectors.unit_get(request.user, d["parent_code"].strip(), P.MANAGE_UNITS)
        services.unit_move(actor=request.user, unit=unit, new_parent=target)
        return target

    return post_action(request, move, form=UnitMoveForm(request.POST, prefix="move"),
                       success=lambda target: f"已将「{unit.name}」移动到「{target.name}」下", to=_unit_page(unit))


def _unit_set_active(request, code, *, active: bool):
    unit = selectors.unit_get(request.user, code, P.MANAGE_UNITS)
    return post_action(request, lambda d: services.unit_set_active(actor=request.user, unit=unit, active=active),
                       success="单位已启用" if active else "单位已停用", to=_unit_page(unit))


# Create a child, edit, move, deactivate or reactivate a unit (sysadmin).
unit_action = action_dispatch({
    "child": _unit_child, "edit": _unit_edit, "move": _unit_move,
    "deactivate": partial(_unit_set_active, active=False), "activate": partial(_unit_set_active, active=True),
})


# --- accounts (sysadmin) -------------------------------------------------------------------------

@require_roles(P.SYSADMIN, P.SECADMIN)
def user_list(request):
    q = request.GET.get("q", "").strip()
    return list_page(request, selectors.user_list(request.user, q=q), template="orgs/user_list.html", per_page=50,
                     context={"q": q, "can_create": any(a.role == P.SYSADMIN for a in user_assignments(request.user))})


@require_roles(P.SYSADMIN)
def user_create(request):
    def save(data):
        unit = selectors.unit_get(request.user, data["unit_code"].strip(), P.MANAGE_USERS)
        return services.user_create(actor=request.user, username=data["username"], password=data["password"],
                                    display_name=data["display_name"], phone=data["phone"], title=data["title"],
                                    unit=unit, email=data["email"])

    return form_page(request, UserCreateForm(request.POST or None), save=save,
                     success=lambda user: f"已创建用户「{user}」", to="orgs:user_list", template="orgs/user_form.html",
                     context={"title": "新建用户"})


@require_roles(P.SYSADMIN)
def user_edit(request, pk):
    """用户信息 and, in a second form on the same page, 重置密码 (posted with `reset`)."""
    target = selectors.user_managed_get(request.user, pk)
    resetting = bool(request.POST.get("reset"))
    form = UserEditForm(request.POST if not resetting else None, initial={
        "display_name": target.display_name, "title": target.title, "phone": target.phone,
        "email": target.email, "is_active": target.is_active})
    reset = ResetPasswordForm(request.POST if resetting else None)
    context = {"form": form, "reset": reset, "target": target,
               "target_is_three_admin": has_any_role(target, *P.THREE_ADMINS)}
    if resetting:
        return form_page(request, reset, save=lambda d: services.user_set_password(
            actor=request.user, user=target, password=d["password"]), success="密码已重置",
            to=reverse("orgs:user_edit", kwargs={"pk": target.pk}), template="orgs/user_edit.html", context=context)
    return form_page(request, form, save=lambda d: services.user_update(actor=request.user, user=target, **d),
                     success="用户信息已保存", to="orgs:user_list", template="orgs/user_edit.html", context=context)


# --- role assignments (secadmin) -----------------------------------------------------------------

@require_roles(P.SECADMIN)
def assignment_list(request):
    q = request.GET.get("q", "").strip()

    def save(data):
        target = selectors.user_managed_get(request.user, username=data["username"], field="username")
        unit = selectors.unit_get(request.user, data["unit_code"].strip(), P.MANAGE_ROLES)
        services.role_assign(actor=request.user, user=target, role=data["role"], unit=unit,
                             include_subunits=data["include_subunits"])
        return f"已授予「{target}」{P.ROLE_LABELS[data['role']]}角色"

    return form_page(request, AssignmentForm(request.POST or None), save=save, success=lambda said: said,
                     to="orgs:assignment_list", template="orgs/assignment_list.html",
                     context={"page": page_of(request, selectors.assignment_list(request.user, q=q), 50), "q": q})


@require_POST
@require_roles(P.SECADMIN)
def assignment_revoke(request, pk):
    assignment = selectors.assignment_get(request.user, pk)
    return post_action(request, lambda d: services.role_revoke(actor=request.user, assignment=assignment),
                       success="已撤销授权", to="orgs:assignment_list")


# --- own profile -----------------------------------------------------------------------------------

@page()
def profile(request):
    """个人信息, 修改密码, API 令牌 (create, revoke): four forms on one page, told apart by the posted `form`."""
    user = request.user
    which = request.POST.get("form") if request.method == "POST" else None
    if which == "revoke":
        return _token_revoke(request)
    form = ProfileForm(request.POST if which == "profile" else None, initial={
        "display_name": user.display_name, "phone": user.phone, "email": user.email})
    pw = PasswordForm(request.POST if which == "password" else None)
    token_form = TokenForm(request.POST if which == "token" else None)
    context = {"form": form, "pw": pw, "token_form": token_form, "new_key": None,
               "tokens": selectors.tokens_active(user), "assignments": user_assignments(user)}
    if which == "password":
        return form_page(request, pw, save=lambda d: _password_change(request, d), success="密码已修改",
                         to="orgs:profile", template="orgs/profile.html", context=context)
    if which == "token" and token_form.is_valid():
        # the new key is shown once, on this very response; it is never stored in clear
        try:
            _, context["new_key"] = services.token_create(actor=user, name=token_form.cleaned_data["name"],
                                                          days=token_form.cleaned_data["days"])
            context["token_form"] = TokenForm()
        except TaizhangError as exc:
            form_apply_error(token_form, exc)
        return render(request, "orgs/profile.html", context)
    return form_page(request, form, save=lambda d: services.user_update(actor=user, user=user, **d),
                     success="个人信息已保存", to="orgs:profile", template="orgs/profile.html", context=context)


@page()
def password_change(request):
    """修改密码 on a page of its own: where a user whose password was reset is sent until it is changed."""
    form = PasswordForm(request.POST or None)
    return form_page(request, form, save=lambda d: _password_change(request, d), success="密码已修改",
                     to="home", template="orgs/password_change.html",
                     context={"forced": request.user.must_change_password,
                              "expired": request.session.get(PASSWORD_EXPIRED_KEY, False),
                              "max_age": settings.TAIZHANG_PASSWORD_MAX_AGE_DAYS})


def _password_change(request, data) -> None:
    user = request.user
    services.user_set_password(actor=user, user=user, password=data["password"], old_password=data["old_password"],
                               keep_tokens=data.get("keep_tokens", False))
    user.refresh_from_db()
    update_session_auth_hash(request, user)
    request.session.pop(PASSWORD_EXPIRED_KEY, None)


def _token_revoke(request):
    token = selectors.token_get(request.user, request.POST.get("token"))
    return post_action(request, lambda d: services.token_revoke(actor=request.user, token=token),
                       success="令牌已作废", to="orgs:profile")

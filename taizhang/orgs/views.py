"""Pages for the unit tree, accounts (sysadmin), role assignments (secadmin) and the user's own profile."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

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
from taizhang.orgs.models import Unit, User
from taizhang.orgs.scope import has_action, user_assignments
from taizhang.web.views import form_apply_error, require_roles, service_errors


def _tree_nodes(user, units):
    can_manage = [has_action(user, P.MANAGE_UNITS, u) for u in units]
    return [{"unit": u, "can_manage": m} for u, m in zip(units, can_manage, strict=True)]


@login_required
def unit_tree(request):
    """The tree starts at the user's top-most units; deeper levels load on demand (htmx)."""
    roots = selectors.tree_roots(request.user)
    query = request.GET.get("q", "").strip()
    found = list(selectors.unit_search(request.user, query)) if query else []
    return render(request, "orgs/unit_tree.html", {"roots": _tree_nodes(request.user, roots), "query": query,
                                                   "found": found})


@login_required
@service_errors
def unit_children(request, code):
    unit = selectors.unit_get(request.user, code)
    children = list(selectors.unit_children(request.user, unit))
    return render(request, "orgs/_unit_children.html", {"nodes": _tree_nodes(request.user, children)})


@login_required
@service_errors
def unit_detail(request, code):
    unit = selectors.unit_get(request.user, code)
    ancestors = [a for a in unit.ancestors_and_self() if a.pk != unit.pk]
    visible_ids = set(selectors.units_visible(request.user).filter(pk__in=[a.pk for a in ancestors])
                      .values_list("pk", flat=True))
    can_manage = has_action(request.user, P.MANAGE_UNITS, unit)
    ctx = {
        "unit": unit,
        "ancestors": [{"unit": a, "visible": a.pk in visible_ids} for a in ancestors],
        "children": list(selectors.unit_children(request.user, unit)[:200]),
        "descendants": selectors.units_visible(request.user).filter(path__startswith=unit.path).count() - 1,
        "can_manage": can_manage,
    }
    if can_manage:
        ctx.update(child_form=UnitForm(prefix="child"), edit_form=UnitForm(prefix="edit", initial={
            "code": unit.code, "name": unit.name, "short_name": unit.short_name, "kind": unit.kind,
            "sort_order": unit.sort_order}), move_form=UnitMoveForm(prefix="move"))
    return render(request, "orgs/unit_detail.html", ctx)


@require_POST
@login_required
@service_errors
def unit_action(request, code, action):
    """Create a child, edit, move, deactivate or reactivate a unit (sysadmin)."""
    unit = selectors.unit_get(request.user, code, P.MANAGE_UNITS)
    try:
        if action == "child":
            form = UnitForm(request.POST, prefix="child")
            if form.is_valid():
                child = services.unit_create(actor=request.user, parent=unit, code=form.cleaned_data["code"],
                                             name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                                             short_name=form.cleaned_data["short_name"],
                                             sort_order=form.cleaned_data["sort_order"] or 0)
                messages.success(request, f"已新建下级单位「{child.name}」")
                return redirect("orgs:unit_detail", code=unit.code)
        elif action == "edit":
            form = UnitForm(request.POST, prefix="edit")
            if form.is_valid():
                unit = services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
                messages.success(request, "单位信息已保存")
                return redirect("orgs:unit_detail", code=unit.code)
        elif action == "move":
            form = UnitMoveForm(request.POST, prefix="move")
            if form.is_valid():
                target = selectors.unit_get(request.user, form.cleaned_data["parent_code"].strip(), P.MANAGE_UNITS)
                services.unit_move(actor=request.user, unit=unit, new_parent=target)
                messages.success(request, f"已将「{unit.name}」移动到「{target.name}」下")
                return redirect("orgs:unit_detail", code=unit.code)
        elif action in ("deactivate", "activate"):
            services.unit_set_active(actor=request.user, unit=unit, active=action == "activate")
            messages.success(request, "单位已停用" if action == "deactivate" else "单位已启用")
            return redirect("orgs:unit_detail", code=unit.code)
        else:
            raise Http404()
        messages.error(request, "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e[0]}"
                                         for f, e in form.errors.items()))
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("orgs:unit_detail", code=unit.code)


# --- accounts (sysadmin) -------------------------------------------------------------------------

@require_roles(P.SYSADMIN, P.SECADMIN)
def user_list(request):
    q = request.GET.get("q", "").strip()
    qs = selectors.user_list(request.user, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/user_list.html", {"page": page, "q": q,
                                                   "can_create": any(a.role == P.SYSADMIN for a in
                                                                     user_assignments(request.user))})


@require_roles(P.SYSADMIN)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = selectors.unit_get(request.user, data["unit_code"].strip(), P.MANAGE_USERS)
            user = services.user_create(actor=request.user, username=data["username"], password=data["password"],
                                        display_name=data["display_name"], phone=data["phone"],
                                        title=data["title"], unit=unit, email=data["email"])
            messages.success(request, f"已创建用户「{user}」")
            return redirect("orgs:user_list")
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "orgs/user_form.html", {"form": form, "title": "新建用户"})


def _managed_user(request, pk) -> User:
    user = selectors.users_managed(request.user).filter(pk=pk).first()
    if user is None:
        raise Http404("用户不存在")
    return user


@require_roles(P.SYSADMIN)
def user_edit(request, pk):
    target = _managed_user(request, pk)
    form = UserEditForm(request.POST or None, initial={
        "display_name": target.display_name, "title": target.title, "phone": target.phone,
        "email": target.email, "is_active": target.is_active})
    reset = ResetPasswordForm(request.POST if request.POST.get("reset") else None)
    if request.method == "POST":
        try:
            if request.POST.get("reset"):
                if reset.is_valid():
                    services.user_set_password(actor=request.user, user=target,
                                               password=reset.cleaned_data["password"])
                    messages.success(request, "密码已重置")
                    return redirect("orgs:user_edit", pk=target.pk)
            elif form.is_valid():
                services.user_update(actor=request.user, user=target, **form.cleaned_data)
                messages.success(request, "用户信息已保存")
                return redirect("orgs:user_list")
        except TaizhangError as exc:
            form_apply_error(reset if request.POST.get("reset") else form, exc)
    return render(request, "orgs/user_edit.html", {"form": form, "reset": reset, "target": target})


# --- role assignments (secadmin) -----------------------------------------------------------------

@require_roles(P.SECADMIN)
def assignment_list(request):
    qs = selectors.assignments_managed(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(user__username__icontains=q) | Q(user__display_name__icontains=q) |
                       Q(unit__name__icontains=q))
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = selectors.users_managed(request.user).filter(username=data["username"].strip()).first()
            if target is None:
                raise services.ValidationFailed(f"用户「{data['username']}」不存在或不在您的管理范围内",
                                                field="username")
            unit = selectors.unit_get(request.user, data["unit_code"].strip(), P.MANAGE_ROLES)
            services.role_assign(actor=request.user, user=target, role=data["role"], unit=unit,
                                 include_subunits=data["include_subunits"])
            messages.success(request, f"已授予「{target}」{P.ROLE_LABELS[data['role']]}角色")
            return redirect("orgs:assignment_list")
        except TaizhangError as exc:
            form_apply_error(form, exc)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/assignment_list.html", {"page": page, "form": form, "q": q})


@require_POST
@require_roles(P.SECADMIN)
def assignment_revoke(request, pk):
    assignment = selectors.assignments_managed(request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404("授权记录不存在")
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
        messages.success(request, "已撤销授权")
    except TaizhangError as exc:
        messages.error(request, exc.message)
    return redirect("orgs:assignment_list")


# --- own profile -----------------------------------------------------------------------------------

@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST if request.POST.get("form") == "profile" else None, initial={
        "display_name": user.display_name, "phone": user.phone, "email": user.email})
    pw = PasswordForm(request.POST if request.POST.get("form") == "password" else None)
    token_form = TokenForm(request.POST if request.POST.get("form") == "token" else None)
    new_key = None
    if request.method == "POST":
        which = request.POST.get("form")
        try:
            if which == "profile" and form.is_valid():
                services.user_update(actor=user, user=user, **form.cleaned_data)
                messages.success(request, "个人信息已保存")
                return redirect("orgs:profile")
            if which == "password" and pw.is_valid():
                services.user_set_password(actor=user, user=user, password=pw.cleaned_data["password"],
                                           old_password=pw.cleaned_data["old_password"])
                user.refresh_from_db()
                update_session_auth_hash(request, user)
                messages.success(request, "密码已修改")
                return redirect("orgs:profile")
            if which == "token" and token_form.is_valid():
                _, new_key = services.token_create(actor=user, name=token_form.cleaned_data["name"],
                                                   days=token_form.cleaned_data["days"])
                token_form = TokenForm()
            if which == "revoke":
                token = user.api_tokens.filter(pk=request.POST.get("token")).first()
                if token is None:
                    raise Http404()
                services.token_revoke(actor=user, token=token)
                messages.success(request, "令牌已作废")
                return redirect("orgs:profile")
        except TaizhangError as exc:
            target = {"profile": form, "password": pw, "token": token_form}.get(which)
            if target is not None:
                form_apply_error(target, exc)
            else:
                messages.error(request, exc.message)
    return render(request, "orgs/profile.html", {
        "form": form, "pw": pw, "token_form": token_form, "new_key": new_key,
        "tokens": user.api_tokens.filter(revoked=False).order_by("-created_at"),
        "assignments": user_assignments(user),
    })


__all__ = ["Unit"]

"""Second factor (every account: enrol, enter the code after the password, backup codes) and the security
administrator's pages: accounts to look at, lockouts, the second-factor policy and resets."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from taizhang.core.exceptions import ValidationFailed
from taizhang.orgs import permissions as P
from taizhang.orgs import selectors as org_selectors
from taizhang.security import accounts, lockout, otp
from taizhang.security.forms import CodeForm, PolicyForm
from taizhang.web.shapes import form_page, page_of, post_action
from taizhang.web.views import form_apply_error, page, require_roles


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "home"


@login_required
def otp_verify(request):
    """输入动态口令: the second step of the login for an account with an authenticator."""
    if request.user.is_verified() or otp.confirmed_device(request.user) is None:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request=request, user=request.user, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", "动态口令不正确或已使用，请重新输入；连续输错后须稍候再试")
    # otp_pending: the page in the signed-out layout (no menu), as the first step of the login was
    return render(request, "security/otp_verify.html", {"form": form, "next": request.GET.get("next", ""),
                                                        "otp_pending": True})


@login_required
def otp_setup(request):
    """绑定身份验证器: scan the QR code (drawn here, no network), type the code the app shows; the backup codes
    are shown once. An account that already has one must have given its code this session to replace it."""
    user = request.user
    if otp.confirmed_device(user) is not None and not user.is_verified():
        return redirect("security:otp_verify")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = otp.enrol_confirm(request=request, user=user, code=form.cleaned_data["code"])
        except ValidationFailed as exc:
            form_apply_error(form, exc)
        else:
            return render(request, "security/backup_codes.html", {"codes": codes, "enrolled": True})
    device = otp.enrolment_device(user)
    return render(request, "security/otp_setup.html", {
        "form": form, "qr": otp.qr_svg(device), "secret": otp.secret_text(device),
        "has_device": otp.confirmed_device(user) is not None, "required": otp.otp_required(user)})


@require_POST
@page()
def otp_backup_codes(request):
    try:
        codes = otp.backup_codes_renew(user=request.user)
    except ValidationFailed:
        return redirect("security:otp_setup")
    return render(request, "security/backup_codes.html", {"codes": codes, "enrolled": False})


@require_roles(P.SECADMIN)
def account_review(request):
    flagged = accounts.flagged_accounts(request.user)
    return render(request, "security/account_review.html", {
        "page": page_of(request, flagged, 50), "counts": accounts.counts(flagged), "reasons": accounts.REASONS,
        "dormant_days": settings.TAIZHANG_DORMANT_DAYS})


@require_roles(P.SECADMIN)
def lockout_list(request):
    return render(request, "security/lockout_list.html", {
        "lockouts": lockout.lockouts(), "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_limit": settings.TAIZHANG_LOGIN_ADDRESS_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME * 60)})


@require_POST
@require_roles(P.SECADMIN)
def lockout_release(request):
    kind, ip, username = request.POST.get("kind", ""), request.POST.get("ip", ""), request.POST.get("username", "")
    return post_action(request, lambda d: lockout.lockout_release(actor=request.user, kind=kind, ip=ip,
                                                                  username=username),
                       success=f"已解除对「{username or ip}」的锁定", to="security:lockout_list")


@require_roles(P.SECADMIN)
def otp_policy(request):
    """双因素认证: which roles must use it (the environment's roles cannot be lifted here) and which accounts
    in scope have an authenticator, each with 重置."""
    forced = otp.env_roles()
    form = PolicyForm(request.POST or None, initial={"roles": sorted(otp.required_roles())})
    q = request.GET.get("q", "").strip()
    users = page_of(request, org_selectors.user_list(request.user, q=q).select_related("unit"), 50)
    enrolled = set(TOTPDevice.objects.filter(user__in=[u.pk for u in users], confirmed=True)
                   .values_list("user_id", flat=True))
    rows = [{"user": u, "enrolled": u.pk in enrolled} for u in users]
    return form_page(request, form, save=lambda d: otp.policy_set(actor=request.user,
                                                                  roles=sorted(set(d["roles"]) | forced)),
                     success="双因素认证策略已保存", to="security:otp_policy", template="security/otp_policy.html",
                     context={"forced": forced, "rows": rows, "page": users, "q": q})


@require_POST
@require_roles(P.SECADMIN)
def otp_reset(request, pk):
    target = org_selectors.user_managed_get(request.user, pk)
    return post_action(request, lambda d: otp.otp_reset(actor=request.user, user=target),
                       success=f"已重置「{target}」的双因素认证，其下次登录时须重新绑定", to="security:otp_policy")

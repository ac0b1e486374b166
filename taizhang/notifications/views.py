"""Pages: 消息 (own inbox), 群机器人 (office: robots of units in scope), 发送记录 (office: outbox in scope)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from taizhang.campaigns.selectors import campaigns_for
from taizhang.core.exceptions import TaizhangError
from taizhang.notifications import selectors, services
from taizhang.notifications.forms import RobotForm
from taizhang.notifications.models import OutboxStatus
from taizhang.orgs import permissions as P
from taizhang.orgs.scope import scope_units
from taizhang.web.views import form_apply_error, require_roles, service_errors


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.inbox(request.user, unread_only=unread_only), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "unread_only": unread_only, "unread": selectors.unread_count(request.user)})


@require_POST
@login_required
def inbox_read_all(request):
    count = services.inbox_mark_read(actor=request.user, all_unread=True)
    messages.success(request, f"已将 {count} 条消息标记为已读")
    return redirect("notifications:inbox")


@require_POST
@login_required
@service_errors
def notification_read(request, pk):
    note = selectors.notification_get(request.user, pk)
    services.inbox_mark_read(actor=request.user, notification=note)
    return redirect("notifications:inbox")


@require_POST
@login_required
@service_errors
def notification_open(request, pk):
    """Mark read and go to the record the message is about."""
    note = selectors.notification_get(request.user, pk)
    services.inbox_mark_read(actor=request.user, notification=note)
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("notifications:inbox")


# --- robots (office) ------------------------------------------------------------------------------

def _office_units(user):
    return scope_units(user, P.CONFIGURE).order_by("path")


def _office_campaigns(user):
    return campaigns_for(user).filter(active=True)


def _robot_kwargs(request, data: dict) -> dict:
    unit = _office_units(request.user).filter(code=data["unit"]).first()
    if unit is None:
        raise TaizhangError("所属单位不在您的权限范围内", field="unit")
    campaign = None
    if data.get("campaign"):
        campaign = _office_campaigns(request.user).filter(slug=data["campaign"]).first()
        if campaign is None:
            raise TaizhangError("所选专项工作不存在", field="campaign")
    return {**data, "unit": unit, "campaign": campaign}


@require_roles(P.OFFICE)
def robot_list(request):
    return render(request, "notifications/robot_list.html", {"robots": selectors.robots_for(request.user)})


@require_roles(P.OFFICE)
def robot_create(request):
    form = RobotForm(request.POST or None, units=_office_units(request.user),
                     campaigns=_office_campaigns(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            robot = services.robot_create(actor=request.user, **_robot_kwargs(request, form.cleaned_data))
            messages.success(request, f"已添加群机器人「{robot.name}」，可点击“测试发送”确认能否收到")
            return redirect("notifications:robot_list")
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "notifications/robot_form.html", {"form": form, "title": "添加群机器人"})


@login_required
@service_errors
def robot_edit(request, pk):
    robot = selectors.robot_get(request.user, pk)
    initial = {"unit": robot.unit.code, "platform": robot.platform, "name": robot.name,
               "campaign": robot.campaign.slug if robot.campaign_id else "",
               "applies_to_subunits": robot.applies_to_subunits, "quiet_hours": robot.quiet_hours}
    form = RobotForm(request.POST or None, initial=initial, units=_office_units(request.user),
                     campaigns=_office_campaigns(request.user), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.robot_update(actor=request.user, robot=robot,
                                  expected_version=int(request.POST.get("version") or 0),
                                  **_robot_kwargs(request, form.cleaned_data))
            messages.success(request, "群机器人设置已保存")
            return redirect("notifications:robot_list")
        except TaizhangError as exc:
            form_apply_error(form, exc)
    return render(request, "notifications/robot_form.html", {
        "form": form, "title": f"修改群机器人：{robot.name}", "robot": robot})


@require_POST
@login_required
@service_errors
def robot_deactivate(request, pk):
    robot = selectors.robot_get(request.user, pk)
    services.robot_deactivate(actor=request.user, robot=robot)
    messages.success(request, f"已停用群机器人「{robot.name}」")
    return redirect("notifications:robot_list")


@require_POST
@login_required
@service_errors
def robot_test(request, pk):
    robot = selectors.robot_get(request.user, pk)
    result = services.robot_test_send(actor=request.user, robot=robot)
    if result.ok:
        reply = result.platform_message or "ok"
        messages.success(request, f"测试消息已发送到「{robot.name}」，平台返回：{reply}")
    else:
        messages.error(request, f"测试发送失败：{result.error}")
    return redirect("notifications:robot_list")


@require_roles(P.OFFICE)
def outbox(request):
    status = request.GET.get("status", "")
    qs = selectors.outbox_for(request.user)
    if status in OutboxStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/outbox.html", {
        "page": page, "status": status, "statuses": OutboxStatus.choices})

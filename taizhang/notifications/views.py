"""Pages: 消息 (own inbox), 群机器人 (office: robots of units in scope), 发送记录 (office: outbox in scope)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from taizhang.notifications import selectors, services
from taizhang.notifications.forms import RobotForm
from taizhang.notifications.models import OutboxStatus
from taizhang.orgs import permissions as P
from taizhang.web.shapes import action_on, form_page, list_page, post_action
from taizhang.web.views import page, posted_version, require_roles


@page()
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    return list_page(request, selectors.inbox(request.user, unread_only=unread_only),
                     template="notifications/inbox.html",
                     context={"unread_only": unread_only, "unread": selectors.unread_count(request.user)})


@require_POST
@page()
def inbox_read_all(request):
    return post_action(request, lambda d: services.inbox_mark_read(actor=request.user, all_unread=True),
                       success=lambda count: f"已将 {count} 条消息标记为已读", to="notifications:inbox")


@action_on(selectors.notification_get)
def notification_read(request, note):
    services.inbox_mark_read(actor=request.user, notification=note)
    return redirect("notifications:inbox")


@action_on(selectors.notification_get)
def notification_open(request, note):
    """Mark read and go to the record the message is about."""
    services.inbox_mark_read(actor=request.user, notification=note)
    if note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()}):
        return redirect(note.link)
    return redirect("notifications:inbox")


@page()
def preferences(request):
    """消息设置: which ledger events reach the user, and muting those the user's roles allow."""
    if request.method == "POST":
        def save(data):
            receive = set(data.getlist("receive"))
            return services.event_mutes_save(actor=request.user,
                                             muted=[c for c in data.getlist("shown") if c not in receive])

        return post_action(request, save, success="消息设置已保存", to="notifications:preferences")
    return render(request, "notifications/preferences.html",
                  {"events": selectors.event_preferences(request.user)})


# --- robots (office) ------------------------------------------------------------------------------

def _robot_form(request, **kwargs) -> RobotForm:
    return RobotForm(request.POST or None, campaigns=selectors.robot_campaigns(request.user), **kwargs)


def _robot_kwargs(request, data: dict) -> dict:
    return {**data, **selectors.robot_targets(request.user, unit=data["unit"], campaign=data.get("campaign") or "")}


@require_roles(P.OFFICE)
def robot_list(request):
    return render(request, "notifications/robot_list.html", {"robots": selectors.robots_for(request.user)})


@require_roles(P.OFFICE)
def robot_create(request):
    return form_page(request, _robot_form(request), save=lambda d: services.robot_create(
        actor=request.user, **_robot_kwargs(request, d)),
        success=lambda robot: f"已添加群机器人「{robot.name}」，可点击“测试发送”确认能否收到",
        to="notifications:robot_list", template="notifications/robot_form.html", context={"title": "添加群机器人"})


@page()
def robot_edit(request, pk):
    robot = selectors.robot_get(request.user, pk)
    initial = {"unit": robot.unit.code, "platform": robot.platform, "name": robot.name,
               "campaign": robot.campaign.slug if robot.campaign_id else "",
               "applies_to_subunits": robot.applies_to_subunits, "quiet_hours": robot.quiet_hours}
    return form_page(request, _robot_form(request, initial=initial, editing=True), save=lambda d: services.robot_update(
        actor=request.user, robot=robot, expected_version=posted_version(request) or 0, **_robot_kwargs(request, d)),
        success="群机器人设置已保存", to="notifications:robot_list", template="notifications/robot_form.html",
        context={"title": f"修改群机器人：{robot.name}", "robot": robot})


@action_on(selectors.robot_get)
def robot_deactivate(request, robot):
    return post_action(request, lambda d: services.robot_deactivate(actor=request.user, robot=robot),
                       success=f"已停用群机器人「{robot.name}」", to="notifications:robot_list")


@action_on(selectors.robot_get)
def robot_test(request, robot):
    result = services.robot_test_send(actor=request.user, robot=robot)
    # A summary only (成功, or the platform's error code): the answer of the remote server is never shown.
    if result.ok:
        messages.success(request, f"测试消息已发送到「{robot.name}」：成功")
    else:
        messages.error(request, f"测试发送失败：{result.error}")
    return redirect("notifications:robot_list")


@require_roles(P.OFFICE)
def outbox(request):
    status = request.GET.get("status", "")
    status = status if status in OutboxStatus.values else ""
    return list_page(request, selectors.outbox_list(request.user, status=status), template="notifications/outbox.html",
                     per_page=50, context={"status": status, "statuses": OutboxStatus.choices})

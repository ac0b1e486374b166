from taizhang.orgs import permissions as P
from taizhang.web import navigation as nav


class NotificationsConfig(nav.MenuAppConfig):
    name = "taizhang.notifications"
    label = "notifications"
    verbose_name = "消息提醒"

    menu = (
        nav.entry("消息", "消息", "notifications:inbox", order=10),
        nav.entry("消息", "群机器人", "notifications:robot_list", P.CONFIGURE, order=880),
        nav.entry("消息", "发送记录", "notifications:outbox", P.CONFIGURE, order=885),
    )

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "taizhang.notifications"
    label = "notifications"
    verbose_name = "消息提醒"

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "taizhang.audit"
    label = "audit"
    verbose_name = "操作留痕"

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "taizhang.security"
    label = "security"
    verbose_name = "账号安全"

    def ready(self):
        from taizhang.security import checks, signals  # noqa: F401  (deploy checks; login and lockout hooks)

from django.urls import path

from taizhang.security import views

app_name = "security"
urlpatterns = [
    path("otp/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/backup-codes/", views.otp_backup_codes, name="otp_backup_codes"),
    path("accounts/", views.account_review, name="account_review"),
    path("lockouts/", views.lockout_list, name="lockout_list"),
    path("lockouts/release/", views.lockout_release, name="lockout_release"),
    path("second-factor/", views.otp_policy, name="otp_policy"),
    path("second-factor/<int:pk>/reset/", views.otp_reset, name="otp_reset"),
]

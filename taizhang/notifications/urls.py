from django.urls import path

from taizhang.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.inbox_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/open/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_read, name="read"),
    path("robots/", views.robot_list, name="robot_list"),
    path("robots/new/", views.robot_create, name="robot_create"),
    path("robots/<int:pk>/edit/", views.robot_edit, name="robot_edit"),
    path("robots/<int:pk>/deactivate/", views.robot_deactivate, name="robot_deactivate"),
    path("robots/<int:pk>/test/", views.robot_test, name="robot_test"),
    path("outbox/", views.outbox, name="outbox"),
]

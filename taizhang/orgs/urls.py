from django.urls import path

from taizhang.orgs import views

app_name = "orgs"
urlpatterns = [
    path("lookup/units/", views.unit_lookup, name="unit_lookup"),
    path("lookup/people/", views.people_lookup, name="people_lookup"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/children/", views.unit_children, name="unit_children"),
    path("units/<str:code>/<str:action>/", views.unit_action, name="unit_action"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/revoke/", views.assignment_revoke, name="assignment_revoke"),
    path("profile/", views.profile, name="profile"),
    path("password/", views.password_change, name="password_change"),
]

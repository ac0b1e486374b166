from django.urls import path

from taizhang.matters import views

app_name = "matters"
urlpatterns = [
    path("", views.matter_list, name="matter_list"),
    path("demands/", views.demand_list, name="demand_list"),
    path("new/", views.matter_create, name="matter_create"),
    path("<int:pk>/", views.matter_detail, name="matter_detail"),
    path("<int:pk>/edit/", views.matter_edit, name="matter_edit"),
    path("<int:pk>/claim/", views.matter_claim, name="matter_claim"),
    path("<int:pk>/action/<str:action>/", views.matter_action, name="matter_action"),
]

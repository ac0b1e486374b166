from django.urls import path

from taizhang.stats import views

app_name = "stats"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("u/<str:code>/", views.unit_dashboard, name="unit"),
    path("u/<str:code>/screen/", views.unit_dashboard, {"layout": "screen"}, name="screen"),
    path("u/<str:code>/print/", views.unit_dashboard, {"layout": "print"}, name="print"),
]

from django.urls import path

from taizhang.materials import views

app_name = "materials"
urlpatterns = [
    path("", views.material_list, name="material_list"),
    path("new/", views.material_create, name="material_create"),
    path("<int:pk>/", views.material_detail, name="material_detail"),
    path("<int:pk>/file/", views.material_file, name="material_file"),
    path("<int:pk>/grants/", views.material_grant, name="material_grant"),
    path("<int:pk>/typical/", views.material_typical, name="material_typical"),
    path("compilations/", views.compilation_list, name="compilation_list"),
    path("compilations/<int:pk>/", views.compilation_detail, name="compilation_detail"),
]

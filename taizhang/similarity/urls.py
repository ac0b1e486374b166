from django.urls import path

from taizhang.similarity import views

app_name = "similarity"
urlpatterns = [
    path("", views.check_list, name="check_list"),
    path("recheck/", views.check_all, name="check_all"),
    path("materials/<int:pk>/", views.material_report, name="material_report"),
    path("materials/<int:pk>/check/", views.material_check, name="material_check"),
    path("references/", views.reference_list, name="reference_list"),
    path("references/<int:pk>/delete/", views.reference_delete, name="reference_delete"),
]

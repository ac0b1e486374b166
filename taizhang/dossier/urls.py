from django.urls import path

from taizhang.dossier import views

app_name = "dossier"
urlpatterns = [
    path("problems/<int:pk>/", views.problem_dossier, name="problem"),
    path("problems/<int:pk>/print/", views.problem_dossier_print, name="problem_print"),
    path("problems/<int:pk>/institutions/new/", views.problem_institution_create, name="problem_institution_create"),
    path("problems/<int:pk>/institutions/link/", views.problem_institution_link, name="problem_institution_link"),
]

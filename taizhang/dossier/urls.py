from django.urls import path

from taizhang.dossier import views

URL_PREFIX = "dossier/"
app_name = "dossier"
urlpatterns = [path("problems/<int:pk>/", views.problem_dossier, name="problem")]

from django.urls import path

from taizhang.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("keys/", views.keys, name="keys"),
    path("templates/", views.template_list, name="template_list"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("drafts/new/", views.draft_create, name="draft_create"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/download/", views.draft_download, name="draft_download"),
    path("drafts/<int:pk>/<str:action>/", views.draft_action, name="draft_action"),
]

from django.urls import path

from taizhang.imports import views

app_name = "imports"
urlpatterns = [
    path("import/", views.index, name="index"),
    path("import/<int:pk>/", views.batch_view, name="batch"),
    path("import/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("import/<int:pk>/undo/", views.undo, name="undo"),
    path("import/<int:pk>/errors.xlsx", views.errors_download, name="errors"),
    path("templates/<slug:kind>.xlsx", views.template_download, name="template"),
    path("export/", views.export, name="export"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<slug:kind>/", views.export, name="export_kind"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
]

from django.urls import path

from taizhang.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.slip_list, name="slip_list"),
    path("new/", views.slip_create, name="slip_create"),
    path("prefix/", views.slip_prefix, name="slip_prefix"),
    path("<int:pk>/", views.slip_detail, name="slip_detail"),
    path("<int:pk>/docx/", views.slip_docx_view, name="slip_docx"),
    path("<int:pk>/action/<str:action>/", views.slip_action, name="slip_action"),
    path("attachments/<int:pk>/", views.slip_attachment, name="slip_attachment"),
    path("suggestions/", views.suggestion_list, name="suggestion_list"),
    path("suggestions/<int:pk>/dismiss/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("circulars/", views.circular_list, name="circular_list"),
    path("circulars/<int:pk>/", views.circular_detail, name="circular_detail"),
    path("circulars/<int:pk>/docx/", views.circular_docx_view, name="circular_docx"),
    path("lookbacks/", views.lookback_list, name="lookback_list"),
]

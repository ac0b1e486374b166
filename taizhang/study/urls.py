from django.urls import path

from taizhang.study import views

app_name = "study"
urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("mine/", views.my_record, name="my_record"),
    path("reading/", views.reading_list, name="reading_list"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/file/", views.activity_file, name="activity_file"),
    path("<int:pk>/edit/", views.activity_edit, name="activity_edit"),
]

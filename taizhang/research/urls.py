from django.urls import path

from taizhang.research import views

app_name = "research"
urlpatterns = [
    path("", views.topic_list, name="topic_list"),
    path("open/", views.topic_open_list, name="topic_open"),
    path("new/", views.topic_create, name="topic_create"),
    path("<int:pk>/", views.topic_detail, name="topic_detail"),
    path("<int:pk>/file/", views.topic_report_file, name="topic_report_file"),
    path("<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("<int:pk>/take/", views.topic_take, name="topic_take"),
    path("<int:pk>/action/<str:action>/", views.topic_action, name="topic_action"),
    path("<int:pk>/report/", views.topic_report, name="topic_report"),
    path("<int:pk>/grade/", views.topic_grade, name="topic_grade"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("<int:pk>/transformations/new/", views.transformation_create, name="transformation_create"),
    path("transformations/<int:pk>/<str:action>/", views.transformation_action, name="transformation_action"),
    path("visits/", views.visit_list, name="visit_list"),
    path("transformations/", views.transformation_list, name="transformation_list"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/problems/new/", views.visit_problem_create, name="visit_problem_create"),
    path("visits/<int:pk>/problems/link/", views.visit_problem_link, name="visit_problem_link"),
    path("visits/<int:pk>/problems/<int:problem_pk>/unlink/", views.visit_problem_unlink, name="visit_problem_unlink"),
    path("clusters/", views.visit_cluster_list, name="visit_clusters"),
]

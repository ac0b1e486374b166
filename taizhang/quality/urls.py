from django.urls import path

from taizhang.quality import views

app_name = "quality"
urlpatterns = [
    path("similar/", views.similar, name="similar"),
    path("p/<int:pk>/duplicate/", views.mark_duplicate, name="mark_duplicate"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/institution/", views.cluster_institution, name="cluster_institution"),
    path("clusters/topic/", views.cluster_topic, name="cluster_topic"),
    path("report/", views.report, name="report"),
]

from django.urls import path

from taizhang.search import views

app_name = "search"
urlpatterns = [
    path("", views.results, name="results"),
    path("suggest/", views.suggest, name="suggest"),
    path("terms/", views.terms, name="terms"),
    path("terms/add/", views.term_add, name="term_add"),
    path("terms/<int:pk>/delete/", views.term_delete, name="term_delete"),
]

from django.urls import path

from taizhang.opinions import views

app_name = "opinions"
urlpatterns = [
    path("opinions/", views.round_list, name="round_list"),
    path("opinions/new/", views.round_create, name="round_create"),
    path("opinions/<int:pk>/", views.round_detail, name="round_detail"),
    path("opinions/<int:pk>/poster/", views.round_poster, name="round_poster"),
    path("opinions/<int:pk>/action/<str:action>/", views.round_action, name="round_action"),
    path("opinions/queue/", views.queue, name="queue"),
    path("opinions/o/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/o/<int:pk>/action/<str:action>/", views.opinion_action, name="opinion_action"),
    path("opinions/ratings/<int:pk>/review/", views.rating_review, name="rating_review"),
    path("opinions/letters/", views.letters_received, name="letters_received"),
    path("opinions/letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("opinions/letters/<int:pk>/answer/", views.letter_answer, name="letter_answer"),
    path("opinions/problem/<int:pk>/lookback-ratings/", views.lookback_ratings, name="lookback_ratings"),
    # The public door (no account): the only paths a public host name serves besides static files.
    path("o/status/", views.public_status, name="public_status"),
    path("o/status/rate/", views.public_rate, name="public_rate"),
    path("o/<str:token>/", views.public_form, name="public_form"),
]

from django.urls import path

from taizhang.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.problem_list, name="list"),
    path("todo/", views.todo, name="todo"),
    path("new/", views.problem_create, name="create"),
    path("bulk/", views.bulk_view, name="bulk"),
    path("carry-over/", views.carry_over, name="carry_over"),
    path("calendar/", views.calendar, name="calendar"),
    path("print/", views.problem_list_print, name="list_print"),
    path("measures/", views.measure_list, name="measure_list"),
    path("p/<int:pk>/", views.problem_detail, name="detail"),
    path("p/<int:pk>/edit/", views.problem_edit, name="edit"),
    path("p/<int:pk>/urge/", views.urge_view, name="urge"),
    path("p/<int:pk>/print/", views.problem_print, name="print"),
    path("p/<int:pk>/transition/", views.problem_transition_view, name="transition"),
    path("p/<int:pk>/measures/", views.measure_view, name="measures"),
    path("p/<int:pk>/progress/", views.progress_view, name="progress"),
    path("p/<int:pk>/closure/", views.closure_view, name="closure"),
    path("p/<int:pk>/lookback/", views.lookback_view, name="lookback"),
    path("p/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]

from django.urls import path

from classroom import teacher_views, views

app_name = "classroom"

urlpatterns = [
    path("", views.join, name="join"),
    path("spel/", views.play, name="play"),
    path("spel/antwoord/", views.answer, name="answer"),
    path("spel/opname/", views.selftest_upload, name="selftest_upload"),
    path("nieuw/", teacher_views.new, name="new"),
    path("bedienen/", teacher_views.pair, name="pair"),
    path("docent/<str:code>/", teacher_views.board, name="board"),
    path("docent/<str:code>/stand/", teacher_views.board_live, name="board_live"),
    path("docent/<str:code>/stap/", teacher_views.step, name="step"),
    path("docent/<str:code>/verwijderen/", teacher_views.remove_pupil, name="remove_pupil"),
    path("docent/<str:code>/maximum/", teacher_views.max_pupils, name="max_pupils"),
    path("docent/<str:code>/stoppen/", teacher_views.confirm_finish, name="confirm_finish"),
    path("docent/<str:code>/uitslag/", teacher_views.results_page, name="results"),
    path("docent/<str:code>/sleutel/<str:token>/", teacher_views.teacher_key, name="teacher_key"),
    path("docent/<str:code>/overdragen/", teacher_views.handover, name="handover"),
    path(
        "docent/<str:code>/loskoppelen/",
        teacher_views.disconnect_others,
        name="disconnect_others",
    ),
]

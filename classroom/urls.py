from django.urls import path

from classroom import views

app_name = "classroom"

urlpatterns = [
    path("", views.join, name="join"),
    path("spel/", views.play, name="play"),
    path("spel/antwoord/", views.answer, name="answer"),
    path("nieuw/", views.new, name="new"),
    path("docent/<str:code>/", views.board, name="board"),
    path("docent/<str:code>/stand/", views.board_live, name="board_live"),
    path("docent/<str:code>/stap/", views.step, name="step"),
    path("docent/<str:code>/verwijderen/", views.remove_pupil, name="remove_pupil"),
    path("docent/<str:code>/maximum/", views.max_pupils, name="max_pupils"),
    path("docent/<str:code>/stoppen/", views.confirm_finish, name="confirm_finish"),
    path("docent/<str:code>/uitslag/", views.results_page, name="results"),
    path("docent/<str:code>/sleutel/<str:token>/", views.teacher_key, name="teacher_key"),
    path("docent/<str:code>/overdragen/", views.handover, name="handover"),
]

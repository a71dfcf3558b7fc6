from django.urls import path

from lessons import quiz_views

app_name = "quiz"

urlpatterns = [
    path("", quiz_views.start, name="start"),
    path("les/<slug:slug>/", quiz_views.lesson_quiz, name="lesson"),
    path("vraag/<int:number>/", quiz_views.question, name="question"),
    path("uitslag/", quiz_views.result, name="result"),
]

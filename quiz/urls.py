from django.urls import path

from quiz import views

app_name = "quiz"

urlpatterns = [
    path("", views.start, name="start"),
    path("les/<slug:slug>/", views.lesson_quiz, name="lesson"),
    path("vraag/<int:number>/", views.question, name="question"),
    path("uitslag/", views.result, name="result"),
]

from django.urls import path

from quiz import picture_views, views

app_name = "quiz"

urlpatterns = [
    path("", views.start, name="start"),
    path("les/<slug:slug>/", views.lesson_quiz, name="lesson"),
    path("vraag/<int:number>/", views.question, name="question"),
    path("uitslag/", views.result, name="result"),
    path("oefen-fouten/", views.practise, name="practise"),
    path("plaatje/<int:pk>/<str:filename>", picture_views.picture, name="picture"),
]

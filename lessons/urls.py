from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.home, name="home"),
    path("lessen/", views.lesson_list, name="list"),
    path("lessen/<slug:slug>/", views.lesson_detail, name="detail"),
    path("begrippen/", views.glossary, name="glossary"),
    path("docenten/", views.teachers, name="teachers"),
    path("docenten/werkblad/", views.worksheet, name="worksheet"),
]

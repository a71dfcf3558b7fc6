from django.urls import path

from lessons import views

app_name = "lessons"

urlpatterns = [
    path("", views.home, name="home"),
    path("lessen/", views.lesson_list, name="list"),
    path("lessen/<slug:slug>/", views.lesson_detail, name="detail"),
    path("lessen/<slug:slug>/presenteren/", views.present_start, name="present_start"),
    path("lessen/<slug:slug>/presenteren/<int:number>/", views.present, name="present"),
    path("begrippen/", views.glossary, name="glossary"),
    path("docenten/", views.teachers, name="teachers"),
    path("docenten/werkblad/", views.worksheet, name="worksheet"),
]

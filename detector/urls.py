# Placeholder until this part is built; replaced by its own issue.
from django.http import HttpResponse
from django.urls import path

app_name = "detector"

urlpatterns = [
    path("", lambda request: HttpResponse("Komt eraan."), name="upload"),
]

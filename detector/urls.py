from django.urls import path

from detector import views

app_name = "detector"

urlpatterns = [
    path("", views.upload, name="upload"),
    # Before the result's own address: "vergelijk" and "test-jezelf" match its slug.
    path("vergelijk/", views.compare, name="compare"),
    path("test-jezelf/", views.selftest, name="selftest"),
    path("<slug:analysis_id>/", views.status, name="status"),
    path("<slug:analysis_id>/status/", views.status_fragment, name="status_fragment"),
    path("<slug:analysis_id>/verwijderen/", views.delete, name="delete"),
    path("<slug:analysis_id>/beeld/<int:number>.jpg", views.thumbnail, name="thumbnail"),
]

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Echt of nep? — beheer"
admin.site.site_title = "Echt of nep?"

urlpatterns = [
    path("", include("lessons.urls")),
    path("quiz/", include("quiz.urls")),
    path("demo/", include("demos.urls")),
    path("controle/", include("detector.urls")),
    path("klassikaal/", include("classroom.urls")),
    path("beheer/", admin.site.urls),
]

from django.urls import path

from demos import views

app_name = "demos"

urlpatterns = [
    path("steegje/", views.alley_view, name="alley"),
    path("neuron/", views.neuron_calculate, name="neuron"),
    path("neuron/leren/", views.neuron_learn, name="neuron-learning"),
    path("gan/", views.gan_train, name="gan"),
]

from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Template filters ({% load dutch svg %}) and the counts of deepfake_edu/throttle.py."""

    name = "common"
    verbose_name = "Gedeeld"

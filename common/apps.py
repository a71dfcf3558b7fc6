from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Template filters ({% load dutch svg %}) and the counts of the throttle (throttle.py)."""

    name = "common"
    verbose_name = "Gedeeld"

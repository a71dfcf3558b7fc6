from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Installed only so that its template filters load: {% load dutch svg %}."""

    name = "common"
    verbose_name = "Gedeeld"

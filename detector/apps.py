import os
import sys
from collections.abc import Mapping

from django.apps import AppConfig
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV


class DetectorConfig(AppConfig):
    name = "detector"
    verbose_name = "Snelle controle"

    def ready(self) -> None:
        from django.conf import settings

        if starts_a_worker(sys.argv, os.environ, settings.DEBUG):
            # The analysis child loads the face models now, not at the first clip.
            from detector import isolation

            isolation.warm_up()


def starts_a_worker(argv: list[str], environ: Mapping[str, str], debug: bool) -> bool:
    """Is this process the task worker (``manage.py db_worker``) that will run jobs?
    With its reloader (``--reload``, on by default when DEBUG is) that is the process
    the reloader restarts, not the one that watches the files; a ``--batch`` run takes
    what is queued and stops."""
    args = argv[1:]
    if not args or args[0] != "db_worker" or "--batch" in args:
        return False
    reloading = "--reload" in args or (debug and "--no-reload" not in args)
    return not reloading or environ.get(DJANGO_AUTORELOAD_ENV) == "true"

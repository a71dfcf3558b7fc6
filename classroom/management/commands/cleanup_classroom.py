from django.core.management.base import BaseCommand

from classroom.models import ClassSession


class Command(BaseCommand):
    help = "Delete class sessions that expired, with their participants and answers."

    def handle(self, *args, **options) -> None:
        deleted, per_model = ClassSession.objects.expired().delete()
        sessions = per_model.get("classroom.ClassSession", 0)
        if options["verbosity"] > 0:
            self.stdout.write(f"Deleted {sessions} class session(s) ({deleted} rows in all).")

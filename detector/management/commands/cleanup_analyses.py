from django.core.management.base import BaseCommand

from detector import services


class Command(BaseCommand):
    help = "Fail jobs of dead workers, delete expired results and orphaned clip files."

    def handle(self, *args, **options) -> None:
        counts = services.clean_up()
        if options["verbosity"] > 0:
            self.stdout.write(
                "Stale jobs failed: {stale}; expired results deleted: {expired}; "
                "orphaned clips deleted: {orphaned_clips}".format(**counts)
            )

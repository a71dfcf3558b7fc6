from django.core.management.base import BaseCommand

from detector import services


class Command(BaseCommand):
    help = (
        "Fail jobs of dead workers (and their task rows), delete expired results, "
        "orphaned clips (files or objects) and upload temp files of dead processes."
    )

    def handle(self, *args, **options) -> None:
        counts = services.clean_up()
        if options["verbosity"] > 0:
            self.stdout.write(
                "Stale jobs failed: {stale}; expired results deleted: {expired}; "
                "orphaned clips deleted: {orphaned_clips}; "
                "orphaned upload temp files deleted: {orphaned_temp_files}".format(**counts)
            )

"""``manage.py analyse_clip PATH [--json]``: the engine's command line inside Django."""

from django.core.management.base import BaseCommand, CommandError

from detector.analysis.cli import print_analysis


class Command(BaseCommand):
    help = "Analyseer een videofragment (knipperen en wazige momenten) en toon het rapport."

    def add_arguments(self, parser):
        parser.add_argument("path", help="videobestand")
        parser.add_argument("--json", action="store_true", help="het volledige rapport als JSON")

    def handle(self, *args, **options):
        code = print_analysis(options["path"], options["json"], self.stdout, self.stderr)
        if code:
            raise CommandError("De analyse is mislukt.", returncode=code)

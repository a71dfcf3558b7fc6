"""``manage.py analyse_clip PATH [--json]``: the engine's report, worded in Dutch."""

import json

from django.core.management.base import BaseCommand, CommandError

from detector import wording
from detector.analysis.cli import run


class Command(BaseCommand):
    help = "Analyseer een videofragment (knipperen en wazige momenten) en toon het rapport."

    def add_arguments(self, parser):
        parser.add_argument("path", help="videobestand")
        parser.add_argument("--json", action="store_true", help="het volledige rapport als JSON")

    def handle(self, *args, **options):
        result = run(options["path"], self.stderr)
        if result is None:
            raise CommandError("De analyse is mislukt.", returncode=2)
        if options["json"]:
            self.stdout.write(json.dumps(result.report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(wording.summary_lines(result.report)))

"""``manage.py analyse_clip PATH [--json]``: the engine's report, worded in Dutch."""

import json

from django.core.management.base import BaseCommand, CommandError

from detector.analysis.cli import run
from detector.wording import command_line


class Command(BaseCommand):
    help = command_line.HELP

    def add_arguments(self, parser):
        parser.add_argument("path", help=command_line.PATH_HELP)
        parser.add_argument("--json", action="store_true", help=command_line.JSON_HELP)

    def handle(self, *args, **options):
        result = run(options["path"], self.stderr)
        if result is None:
            raise CommandError(command_line.FAILED, returncode=2)
        if options["json"]:
            self.stdout.write(json.dumps(result.report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(command_line.summary_lines(result.report)))

"""Read a framework file (docs/framework-files.md): all or nothing."""

import json

from django.core.management.base import BaseCommand, CommandError

from frameworks.files import InvalidFramework, import_framework


class Command(BaseCommand):
    help = "Import a framework file; edits to a version already in use become a new version."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as source:
                document = json.load(source)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: {error}") from None
        try:
            imported = import_framework(document)
        except InvalidFramework as invalid:
            raise CommandError(
                f"{file} has {len(invalid.problems)} problem(s); nothing was imported:\n"
                + "\n".join(f"  {problem}" for problem in invalid.problems)
            ) from None
        framework = imported.framework
        self.stdout.write(f"{framework.slug} version {framework.version}: {imported.outcome}.")

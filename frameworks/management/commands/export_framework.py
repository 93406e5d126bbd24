"""Write a framework as a framework file (docs/framework-files.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from frameworks.files import export_framework
from frameworks.models import Framework


class Command(BaseCommand):
    help = "Write a framework as JSON: its latest version, or the one given."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--framework-version", dest="version", type=int, help="Default: the latest."
        )
        parser.add_argument("--output", "-o", help="A file to write; default: standard output.")

    def handle(self, *args, slug, version, output, **options):
        versions = Framework.objects.filter(slug=slug).order_by("-version")
        framework = versions.filter(version=version).first() if version else versions.first()
        if framework is None:
            raise CommandError(f"No framework {slug}{f' version {version}' if version else ''}.")
        text = json.dumps(export_framework(framework), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
        else:
            self.stdout.write(text, ending="")

import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from cms import backups


class Command(BaseCommand):
    help = (
        "Saves the database (pg_dump) and the files of the local storages (media, census "
        "attachments) into one tar archive: docs/exploitation.md, « Sauvegardes »."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=".",
            help="Folder of the archive (the current one by default).",
        )

    def handle(self, *args, output, **options):
        name = f"coeur-{timezone.now():%Y%m%d-%H%M%S}.tar"
        archive = Path(output) / name
        with tempfile.TemporaryDirectory() as work_dir:
            folders = backups.backup(archive, work_dir)
        self.stdout.write(f"Sauvegarde : {archive}")
        for folder, directory in folders.items():
            self.stdout.write(f"  {folder}/ : {directory}")

import tempfile

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms import backups


class Command(BaseCommand):
    help = (
        "Restores an archive of `manage.py backup` into an empty database (DATABASE_URL) and the "
        "local storages' folders, then migrates (which also renews the page cache's version)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar file written by `manage.py backup`.")

    def handle(self, *args, archive, **options):
        with tempfile.TemporaryDirectory() as work_dir:
            folders = backups.restore(archive, work_dir)
        # The cache's table (not saved) is created first: migrating drops the pages cached
        # before the restore (post_migrate) and may upgrade the restored schema.
        call_command("createcachetable")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Restauré : {archive}")
        for folder, directory in folders.items():
            self.stdout.write(f"  {folder}/ -> {directory}")

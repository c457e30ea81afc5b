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
        # A newer version of the code migrates the restored schema; the cache's table (not
        # saved) is created; pages cached before the restore are dropped (post_migrate).
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable")
        self.stdout.write(f"Restauré : {archive}")
        for folder, directory in folders.items():
            self.stdout.write(f"  {folder}/ -> {directory}")

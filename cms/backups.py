"""What `manage.py backup` saves and `manage.py restore` puts back: the PostgreSQL database
(pg_dump's custom format) and the files of the storages kept on the local disk.

An archive is one tar file: `database.dump`, then one folder per storage (`media/`: images,
renditions, documents, release PDFs, exports; `private/`: census attachments). Storages on
S3-compatible object storage are not in it: the bucket is backed up with the provider's tools.
"""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError
from django.db import connection

DATABASE_FILE = "database.dump"
STORAGES = ("default", "private")
FOLDERS = {"default": "media", "private": "private"}
# The database cache's rows are not worth saving (cms.settings.production).
CACHE_TABLE = "django_cache"


def local_folders():
    """{archive folder: directory} of the storages kept on the local disk."""
    return {
        FOLDERS[alias]: Path(storages[alias].location)
        for alias in STORAGES
        if isinstance(storages[alias], FileSystemStorage)
    }


def libpq_environment():
    """The environment pg_dump and pg_restore read the connection from (no password in argv)."""
    if connection.vendor != "postgresql":
        raise CommandError("Sauvegarde et restauration : PostgreSQL seulement (DATABASE_URL).")
    database = connection.settings_dict
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database["NAME"],
    }
    return {**os.environ, **{name: value for name, value in values.items() if value}}


def run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise CommandError(f"{command[0]} a échoué : {result.stderr.strip()}")


def backup(archive_path, work_dir):
    dump = Path(work_dir) / DATABASE_FILE
    run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--exclude-table-data={CACHE_TABLE}",
            f"--file={dump}",
        ],
        libpq_environment(),
    )
    folders = local_folders()
    # Personal data (census attachments, subscribers): readable by the owner only, from the start.
    file = os.fdopen(os.open(archive_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    with file, tarfile.open(fileobj=file, mode="w") as archive:
        archive.add(dump, arcname=DATABASE_FILE)
        for name, directory in folders.items():
            if directory.exists():
                archive.add(directory, arcname=name)
    return folders


def restore(archive_path, work_dir):
    """Into an empty database (refused otherwise: nothing is overwritten by mistake)."""
    if connection.introspection.table_names():
        raise CommandError(
            f"La base {connection.settings_dict['NAME']} n'est pas vide : la restauration se "
            "fait dans une base neuve (createdb, ou manage.py ensure_database)."
        )
    folders = local_folders()
    with tarfile.open(archive_path) as archive:
        archive.extractall(work_dir, filter="data")
    run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(Path(work_dir) / DATABASE_FILE),
        ],
        libpq_environment(),
    )
    # pg_restore leaves the planner without statistics until autovacuum comes by.
    run(["vacuumdb", "--analyze-only", "--quiet"], libpq_environment())
    for name, directory in folders.items():
        saved = Path(work_dir) / name
        if saved.exists():
            shutil.copytree(saved, directory, dirs_exist_ok=True)
    return folders

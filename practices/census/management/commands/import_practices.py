"""`manage.py import_practices FILE.csv [--dry-run] [--partial]`: the census spreadsheet."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from practices.census.csvfiles import CsvError
from practices.census.importer import ImportFileError, import_table


class Command(BaseCommand):
    help = (
        "Importe le tableur du recensement (CSV d'Excel ou de LibreOffice) : chaque ligne crée "
        "ou met à jour une fiche brouillon. Tout ou rien, sauf avec --partial."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="fichier CSV (colonnes : voir le README)")
        parser.add_argument(
            "--dry-run", action="store_true", help="vérifier le fichier sans rien enregistrer"
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="importer les lignes correctes même si d'autres sont en erreur",
        )

    def handle(self, *args, file, dry_run, partial, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Impossible de lire {file} : {error.strerror}.") from None
        try:
            report = import_table(data, dry_run=dry_run, partial=partial)
        except (CsvError, ImportFileError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Encodage {report.encoding}, séparateur « {report.delimiter} ».")
        for row in report.rows:
            if row.errors:
                self.stderr.write(f"Ligne {row.line} : " + " ; ".join(row.errors) + ".")
            elif options["verbosity"] > 1:
                self.stdout.write(f"Ligne {row.line} : « {row.title} » {row.action}.")
        self.stdout.write(report.summary)
        if report.errors and not partial:
            raise CommandError("Fichier refusé : corrigez les lignes en erreur, ou --partial.")

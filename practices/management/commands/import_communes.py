from django.core.management.base import BaseCommand, CommandError

from practices.communes_import import __doc__ as LAYOUT
from practices.communes_import import import_communes


class Command(BaseCommand):
    help = (
        "Importe ou met à jour les communes de référence depuis un fichier CSV au format "
        "INSEE/geo (relançable sans doublon). " + " ".join(LAYOUT.split())
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV (UTF-8, séparateur , ou ;).")
        parser.add_argument(
            "--department",
            help="N'importe que les communes de ce département (par ex. 59).",
        )
        parser.add_argument(
            "--population-year",
            type=int,
            help="Année des chiffres de population, si le fichier n'a pas de colonne "
            "annee_population.",
        )

    def handle(self, *args, **options):
        try:
            with open(options["file"], "rb") as file:
                report = import_communes(
                    file,
                    department=options["department"],
                    population_year=options["population_year"],
                )
        except OSError as error:
            raise CommandError(f"Fichier illisible : {error}") from error
        except UnicodeDecodeError as error:
            raise CommandError("Le fichier doit être encodé en UTF-8.") from error
        for line, reason in report.errors:
            self.stderr.write(f"Ligne {line} : {reason}")
        self.stdout.write(
            f"{report.created} créée(s), {report.updated} mise(s) à jour, "
            f"{report.unchanged} inchangée(s), {report.skipped} ignorée(s) (autre département), "
            f"{len(report.errors)} erreur(s)."
        )
        if report.errors and not (report.created or report.updated or report.unchanged):
            raise CommandError("Aucune commune valide dans le fichier.")

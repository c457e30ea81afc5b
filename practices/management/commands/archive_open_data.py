from django.core.management.base import BaseCommand, CommandError

from practices import archives
from practices.models import PracticeIndexPage


class Command(BaseCommand):
    help = (
        "Archive les données ouvertes du mois (CSV et JSON de tout le catalogue) à leur adresse "
        "stable ; un fichier déjà archivé ce mois-ci n'est pas remplacé. À lancer chaque mois."
    )

    def handle(self, *args, **options):
        index = PracticeIndexPage.objects.live().first()
        if index is None:
            raise CommandError("Aucun catalogue des bonnes pratiques publié : rien à archiver.")
        month = archives.current_month()
        stored = archives.store_snapshot(index, month)
        if stored:
            self.stdout.write(f"Archivé pour {month} : {', '.join(stored)}")
        else:
            self.stdout.write(f"Les données de {month} étaient déjà archivées.")

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.registry import registry


class Command(BaseCommand):
    help = "Builds the demo page tree and content. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        for _order, load in registry.demo_loaders:
            load()
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration en place."))

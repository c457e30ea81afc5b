from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo
from partners import demo as partners_demo
from practices import demo as practices_demo
from practices.models import PracticeIndexPage
from press import demo as press_demo
from press.models import PressIndexPage


class Command(BaseCommand):
    help = "Builds the demo page tree and content. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        home = home_demo.load()
        partners_demo.load(home)
        press_demo.load(home)
        practices_demo.load(home)
        home_demo.link_sections(
            home,
            (PressIndexPage.objects.child_of(home).first(), "Espace presse"),
            (PracticeIndexPage.objects.child_of(home).first(), "Découvrir les bonnes pratiques"),
        )
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration en place."))

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from press.mailing import briefings
from press.mailing.models import Subscriber


class Command(BaseCommand):
    help = (
        "Conservation limitée (RGPD), chaque jour par cron : efface les demandes d'abonnement "
        "non confirmées depuis plus de 30 jours et les adresses saisies d'un briefing sous "
        "embargo MAILING_BRIEFING_RETENTION_DAYS jours après la levée (les compteurs restent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument(
            "--briefing-days", type=int, default=settings.MAILING_BRIEFING_RETENTION_DAYS
        )

    def handle(self, *args, days, briefing_days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        _, per_model = Subscriber.objects.filter(
            status=Subscriber.Status.PENDING, requested_at__lt=cutoff
        ).delete()
        count = per_model.get(Subscriber._meta.label, 0)
        self.stdout.write(f"{count} demande(s) non confirmée(s) effacée(s).")
        erased = briefings.erase_typed_in_addresses(briefing_days)
        self.stdout.write(f"{erased} adresse(s) saisie(s) de briefing effacée(s).")

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from press.mailing.models import Subscriber


class Command(BaseCommand):
    help = "Efface les demandes d'abonnement non confirmées depuis plus de 30 jours (RGPD)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=days)
        _, per_model = Subscriber.objects.filter(
            status=Subscriber.Status.PENDING, requested_at__lt=cutoff
        ).delete()
        count = per_model.get(Subscriber._meta.label, 0)
        self.stdout.write(f"{count} demande(s) non confirmée(s) effacée(s).")

import signal

from django.core.management.base import BaseCommand

from press.mailing import sending
from press.mailing.models import Mailing


class Command(BaseCommand):
    help = (
        "Envoie ou reprend les envois aux journalistes inachevés (à lancer par cron, par ex. "
        "toutes les cinq minutes) : les remises laissées par un processus arrêté repartent, "
        "jamais celles « à vérifier ». SIGTERM : s'arrête après le lot en cours."
    )

    def add_arguments(self, parser):
        parser.add_argument("--mailing", type=int, help="Seulement cet envoi.")
        parser.add_argument("--batch-size", type=int, default=sending.BATCH_SIZE)

    def handle(self, *args, mailing=None, batch_size, **options):
        stopping = []
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(signum))
        unfinished = Mailing.objects.filter(
            status__in=[Mailing.Status.QUEUED, Mailing.Status.SENDING]
        ).order_by("pk")
        if mailing is not None:
            unfinished = unfinished.filter(pk=mailing)
        for mailing_id in unfinished.values_list("pk", flat=True):
            if stopping:
                break
            try:
                status = sending.send_mailing(
                    mailing_id, batch_size=batch_size, should_stop=lambda: bool(stopping)
                )
            except Exception as error:  # the next run retries; the other mailings go on
                self.stderr.write(f"Envoi {mailing_id} interrompu : {error!r}")
                continue
            self.stdout.write(f"Envoi {mailing_id} : {status}")

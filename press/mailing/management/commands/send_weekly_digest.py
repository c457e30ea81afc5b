import datetime

from django.core.management.base import BaseCommand, CommandError

from press.mailing.digest import last_week, start_digest
from press.mailing.tasks import send_mailing_task


class Command(BaseCommand):
    help = (
        "Met en file le résumé hebdomadaire des communiqués de la semaine écoulée (cron : le "
        "lundi matin). Rien n'est envoyé pour une semaine sans communiqué ; relancé, il ne "
        "renvoie rien à personne."
    )

    def add_arguments(self, parser):
        parser.add_argument("--semaine", help="Le lundi de la semaine, AAAA-MM-JJ.")

    def handle(self, *args, semaine=None, **options):
        try:
            period = datetime.date.fromisoformat(semaine) if semaine else last_week()
        except ValueError as error:
            raise CommandError("--semaine : une date AAAA-MM-JJ, par ex. 2026-11-30.") from error
        if period.weekday() != 0:
            raise CommandError("--semaine : la date doit être un lundi.")
        mailing = start_digest(period)
        if mailing is None:
            self.stdout.write(f"Semaine du {period} : aucun communiqué, rien n'est envoyé.")
            return
        send_mailing_task.enqueue(mailing.pk)
        self.stdout.write(f"Semaine du {period} : résumé en file (envoi {mailing.pk}).")

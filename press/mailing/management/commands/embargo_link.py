"""`manage.py embargo_link <release-slug> <email>`: prints a journalist's personal link to a
release under embargo, recording the address as a recipient of its briefing if it is new (for
support staff and tests; nothing is emailed)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from press.mailing import briefings
from press.models import PressReleasePage


class Command(BaseCommand):
    help = (
        "Affiche (et enregistre) le lien personnel d'un journaliste vers un communiqué "
        "sous embargo."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="le slug du communiqué")
        parser.add_argument("email", help="l'adresse du journaliste")

    def handle(self, slug, email, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Adresse non valide : {email}") from error
        release = PressReleasePage.objects.filter(slug=slug).first()
        if release is None:
            raise CommandError(f"Aucun communiqué « {slug} ».")
        if release.live or briefings.lift_at(release) is None:
            raise CommandError(f"Le communiqué « {slug} » n'est pas sous embargo.")
        briefings.add_recipients(release, [], [email], user=None)
        recipient = release.briefing_recipients.get(email=email.strip().lower())
        if recipient.is_revoked:
            raise CommandError(f"Le lien de {recipient.email} est révoqué.")
        self.stdout.write(briefings.link(recipient))

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = (
        "Ensures the `admin` superuser exists and prints its credentials. The password comes "
        "from ADMIN_PASSWORD, or is generated once and kept in .admin-password (git-ignored)."
    )

    def handle(self, *args, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD") or self.stored_or_new_password()
        user, _created = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": "admin@example.org", "is_staff": True, "is_superuser": True},
        )
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        self.stdout.write(self.style.SUCCESS("Administration : /admin/"))
        self.stdout.write(f"  identifiant : {username}")
        self.stdout.write(f"  mot de passe : {password}")

    def stored_or_new_password(self):
        if PASSWORD_FILE.exists():
            return PASSWORD_FILE.read_text().strip()
        password = secrets.token_urlsafe(12)
        PASSWORD_FILE.write_text(password + "\n")
        PASSWORD_FILE.chmod(0o600)
        return password

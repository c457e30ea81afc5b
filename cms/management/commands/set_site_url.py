from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site


class Command(BaseCommand):
    help = (
        "Points the default site at the address it is served from (by default "
        "WAGTAILADMIN_BASE_URL): canonical URLs, feeds and PDF footers follow the Site record."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. http://127.0.0.1:8000")

    def handle(self, *args, url=None, **options):
        url = url or settings.WAGTAILADMIN_BASE_URL
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            port = None
        if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
            raise CommandError(f"Adresse invalide : « {url} » (exemple : http://127.0.0.1:8000).")
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = parts.hostname, port
        site.save(update_fields=["hostname", "port"])
        self.stdout.write(self.style.SUCCESS(f"Site : {site.root_url}/"))

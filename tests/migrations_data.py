"""The rows the migrations create, rebuilt for browser tests after a transactional flush."""

from importlib import import_module

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from practices.apps import sync_vocabularies


def ensure_migrations_data():
    """The data the migrations create (locale, tree root, site, root collection, moderation
    groups and workflow, the practices' vocabularies), rebuilt when the flush after a previous
    transactional test removed it.

    Django's serialized rollback cannot be relied on here: once Playwright's event loop runs in
    this thread, the connection object is a new one, without the serialized data.
    """
    sync_vocabularies(sender=None)
    if Site.objects.exists():
        return
    ContentType.objects.clear_cache()
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    import_module("cms.migrations.0003_moderation_groups").create_moderation(django_apps, None)

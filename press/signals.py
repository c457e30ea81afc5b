"""Keep each release's stored PDF in step with what is published."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from press.pdf import delete_release_pdfs, is_private, store_release_pdf

logger = logging.getLogger(__name__)


def release_published(sender, instance, **kwargs):
    """Render the PDF of the revision just published.

    Wagtail also sends `page_published` when a revision is only scheduled (embargo): then
    the release is not live, and no PDF may exist before its time. `publish_scheduled`
    sends the signal again when it goes live. Private releases are never stored.
    """
    if not instance.live or is_private(instance):
        return
    try:
        with transaction.atomic():  # a savepoint: a failure can't break the publication
            store_release_pdf(instance)
    except Exception:
        # Publishing must never fail because of the PDF: the `pdf/` route renders it
        # on first request instead.
        logger.exception("Could not render the PDF of release %s", instance.pk)


def release_withdrawn(sender, instance, **kwargs):
    """Unpublished or deleted: its PDFs must not stay reachable in the media storage."""
    delete_release_pdfs(instance)


def connect():
    from press.models import PressReleasePage

    page_published.connect(release_published, sender=PressReleasePage)
    page_unpublished.connect(release_withdrawn, sender=PressReleasePage)
    post_delete.connect(release_withdrawn, sender=PressReleasePage)

"""No stored PDF or `dossier.zip` of a release stays reachable once it is unpublished or
deleted."""

from django.db.models.signals import post_delete
from wagtail.signals import page_unpublished

from press.media_kit import delete_release_dossiers
from press.pdf import delete_release_pdfs


def release_withdrawn(sender, instance, **kwargs):
    delete_release_pdfs(instance)
    delete_release_dossiers(instance)


def connect(release_model):
    page_unpublished.connect(release_withdrawn, sender=release_model)
    post_delete.connect(release_withdrawn, sender=release_model)

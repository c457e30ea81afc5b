"""A report's figures are frozen when it is published; its PDFs go when it is unpublished or
deleted."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from practices.reports.freezing import freeze
from practices.reports.models import ReportPage
from practices.reports.pdf import delete_pdfs


@receiver(page_published, sender=ReportPage)
def freeze_figures(sender, instance, **kwargs):
    freeze(instance)


@receiver(page_unpublished, sender=ReportPage)
@receiver(post_delete, sender=ReportPage)
def remove_pdfs(sender, instance, **kwargs):
    delete_pdfs(instance)

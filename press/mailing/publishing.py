"""« Envoyer à la levée de l'embargo »: the mailing goes out when the release is published."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from press.mailing.models import Mailing
from press.mailing.tasks import send_mailing_task


@receiver(page_published)
def send_waiting_mailings(sender, instance, **kwargs):
    if sender._meta.label != "press.PressReleasePage" or not instance.live:
        return  # (Wagtail also sends page_published when a new page is merely scheduled)
    waiting = Mailing.objects.filter(release_id=instance.pk, status=Mailing.Status.WAITING)
    for mailing_id in waiting.values_list("pk", flat=True):
        if Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.WAITING).update(
            status=Mailing.Status.QUEUED
        ):
            transaction.on_commit(lambda pk=mailing_id: send_mailing_task.enqueue(pk))

"""What publishing a release sends: the alert of its subscribers (« Alerter les abonnés »), and
the mailings staff asked to send « à la levée de l'embargo »; and what it ends: the briefing
emails not sent yet."""

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from press.mailing import sending
from press.mailing.models import Mailing
from press.mailing.tasks import send_mailing_task


@receiver(page_published)
def release_published(sender, instance, **kwargs):
    if sender._meta.label != "press.PressReleasePage" or not instance.live:
        return  # (Wagtail also sends page_published when a new page is merely scheduled)
    close_briefings(instance)
    if instance.get_view_restrictions().exists():
        return
    waiting = Mailing.objects.filter(release_id=instance.pk, status=Mailing.Status.WAITING)
    mailing_ids = [
        mailing_id
        for mailing_id in waiting.values_list("pk", flat=True)
        if Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.WAITING).update(
            status=Mailing.Status.QUEUED
        )
    ]
    if instance.alert_subscribers:
        alert = start_alert(instance)
        if alert is not None:
            mailing_ids.append(alert.pk)
    for mailing_id in mailing_ids:
        transaction.on_commit(lambda pk=mailing_id: send_mailing_task.enqueue(pk))


def close_briefings(release):
    """The briefing emails not sent before the lift will never be: their mailings end now."""
    unfinished = Mailing.objects.filter(
        release_id=release.pk,
        kind=Mailing.Kind.BRIEFING,
        status__in=[Mailing.Status.QUEUED, Mailing.Status.SENDING],
    )
    for mailing in unfinished.select_related("release"):
        sending.close_lifted_briefing(mailing)


def start_alert(release):
    """The alert of a release, once ever (database constraint): a second publication, a new
    revision or a replayed signal create nothing."""
    try:
        with transaction.atomic():
            alert = Mailing.objects.create(
                release=release, kind=Mailing.Kind.ALERT, subject=release.title[:255]
            )
            alert.topics.set([item.tag_id for item in release.tagged_items.all()])
    except IntegrityError:
        return None
    return alert

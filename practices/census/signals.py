"""Census signals: the « en ligne » notice, and no orphan private file after a deletion."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from practices.census.emails import send_online_notice
from practices.census.models import PracticeSubmission, SubmissionAttachment
from practices.models import PracticePage


@receiver(page_published, sender=PracticePage)
def tell_the_submitter(sender, instance, **kwargs):
    """When a page made from a submission is published: « votre pratique est en ligne »."""
    submission = PracticeSubmission.objects.filter(practice_page=instance).first()
    if submission is not None:
        transaction.on_commit(lambda: send_online_notice(submission, instance))


@receiver(post_delete, sender=SubmissionAttachment)
def delete_the_file(sender, instance, **kwargs):
    """Deleting a submission (e.g. on a personal-data request) deletes its files too."""
    name = instance.file.name
    storage = instance.file.storage
    transaction.on_commit(lambda: storage.delete(name))

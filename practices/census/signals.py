"""« Votre pratique est en ligne »: when a page made from a submission is first published."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from practices.census.emails import send_online_notice
from practices.census.models import PracticeSubmission
from practices.models import PracticePage


@receiver(page_published, sender=PracticePage)
def tell_the_submitter(sender, instance, **kwargs):
    submission = PracticeSubmission.objects.filter(practice_page=instance).first()
    if submission is not None:
        transaction.on_commit(lambda: send_online_notice(submission, instance))

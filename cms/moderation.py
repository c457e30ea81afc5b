"""Moderation: the press room goes through the « Relecture » workflow by default.

The groups, the workflow and its task are created by `cms/migrations/0003_moderation_groups.py`.
A press room (`press.PressIndexPage`) created afterwards, by the demo content or in the admin, is
assigned « Relecture » when it is created; an editor can still choose another workflow later.
"""

from django.apps import apps
from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowPage

REVIEW_WORKFLOW = "Relecture"
EDITORS_GROUP = "Rédacteurs"
MODERATORS_GROUP = "Modérateurs"


def assign_review_workflow(page):
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).first()
    if workflow:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


def on_press_room_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_review_workflow(instance)


def connect():
    try:
        press_room_model = apps.get_model("press", "PressIndexPage")
    except LookupError:
        return
    post_save.connect(
        on_press_room_saved, sender=press_room_model, dispatch_uid="cms.moderation.press_room"
    )

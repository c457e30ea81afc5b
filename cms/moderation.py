"""Moderation: the page types the apps register go through the « Relecture » workflow.

The groups, the workflow and its task are created by `cms/migrations/0003_moderation_groups.py`.
A page of a registered model (`cms.registry.register_moderated_page_models`: the press room)
created afterwards, by the demo content or in the admin, is assigned « Relecture »; an editor can
still choose another workflow later.
"""

from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowPage

from cms.registry import registry

REVIEW_WORKFLOW = "Relecture"
EDITORS_GROUP = "Rédacteurs"
MODERATORS_GROUP = "Modérateurs"


def assign_review_workflow(page):
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).first()
    if workflow:
        WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})


def on_moderated_page_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_review_workflow(instance)


def connect():
    for model in registry.moderated_page_models:
        post_save.connect(
            on_moderated_page_saved,
            sender=model,
            dispatch_uid=f"cms.moderation.{model._meta.label}",
        )

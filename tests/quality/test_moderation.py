"""Moderation: an editor's release cannot go live without a moderator's approval."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text
from wagtail.test.utils.form_data import streamfield as streamfield_data

from cms.moderation import EDITORS_GROUP, MODERATORS_GROUP, REVIEW_WORKFLOW
from press.models import PressIndexPage, PressReleasePage

pytestmark = pytest.mark.django_db


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def press_room(demo_site):
    return PressIndexPage.objects.get()


@pytest.fixture
def editor():
    return member_of(EDITORS_GROUP, "redactrice")


@pytest.fixture
def moderator():
    return member_of(MODERATORS_GROUP, "moderateur")


def page_form_data(html, **fields):
    """The admin page form as a browser would post it (the body is rendered by JavaScript)."""
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(nested_form_data({"comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}}))
    data.update(fields)
    return data


def release_fields(title):
    body = streamfield_data([("paragraph", rich_text("<p>Un paragraphe du communiqué.</p>"))])
    return {
        "title": title,
        "slug": "communique-modere",
        "standfirst": "Le chapô du communiqué soumis à relecture.",
        **nested_form_data({"body": body}),
    }


def test_groups_and_workflow_come_from_the_migration(press_room, editor, moderator):
    assert press_room.get_workflow().name == REVIEW_WORKFLOW
    assert WorkflowPage.objects.get(page=press_room).workflow.name == REVIEW_WORKFLOW
    task = Workflow.objects.get(name=REVIEW_WORKFLOW).tasks.get().specific
    assert task.name == "Validation par un modérateur"
    assert [group.name for group in task.groups.all()] == [MODERATORS_GROUP]
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    release = Page.objects.type(PressReleasePage).first().specific
    assert release.permissions_for_user(editor).can_edit()
    assert not release.permissions_for_user(editor).can_publish()
    assert release.permissions_for_user(moderator).can_publish()


def test_a_new_press_room_gets_the_review_workflow(db):
    root = Page.get_first_root_node()
    press_room = root.add_child(instance=PressIndexPage(title="Presse", slug="presse"))
    assert WorkflowPage.objects.get(page=press_room).workflow.name == REVIEW_WORKFLOW


def test_editor_release_goes_live_only_after_a_moderator_approves(
    client, press_room, editor, moderator
):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("press", "pressreleasepage", press_room.pk))
    add_form = client.get(add_url)
    assert add_form.status_code == 200
    assert 'name="action-publish"' not in add_form.content.decode()

    # Creating with a forged « publish » action only saves a draft.
    data = page_form_data(add_form.content.decode(), **release_fields("Communiqué modéré"))
    data["action-publish"] = "action-publish"
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors
    release = PressReleasePage.objects.get(slug="communique-modere")
    assert not release.live

    edit_url = reverse("wagtailadmin_pages:edit", args=(release.pk,))
    edit_form = client.get(edit_url).content.decode()
    assert 'name="action-publish"' not in edit_form
    assert 'name="action-submit"' in edit_form

    # Editing with a forged « publish » action does not publish either.
    data = page_form_data(edit_form, **release_fields("Communiqué modéré"))
    data["action-publish"] = "action-publish"
    client.post(edit_url, data)
    release.refresh_from_db()
    assert not release.live
    assert client.get(release.url).status_code == 404

    # The editor submits it to moderation, and cannot approve it.
    data = page_form_data(client.get(edit_url).content.decode(), **release_fields("Communiqué"))
    data["action-submit"] = "action-submit"
    assert client.post(edit_url, data).status_code == 302
    workflow_state = release.current_workflow_state
    assert workflow_state.status == "in_progress"
    assert workflow_state.workflow.name == REVIEW_WORKFLOW
    task_state = workflow_state.current_task_state
    approve_url = reverse(
        "wagtailadmin_pages:workflow_action", args=(release.pk, "approve", task_state.pk)
    )
    client.post(approve_url)
    release.refresh_from_db()
    assert not release.live

    # A moderator approves: it is live.
    client.force_login(moderator)
    assert client.post(approve_url).status_code == 302
    release.refresh_from_db()
    assert release.live
    assert release.title == "Communiqué"
    client.logout()
    assert client.get(release.url).status_code == 200
    assert "Communiqué" in client.get(press_room.url).content.decode()

"""The editor's press-contacts block: each saved contact of the « Contacts enregistrés » list
has a label (it showed a lone required mark, « * »)."""

import html
import json
import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def block_definitions(page_html):
    """The body's block definitions, as the admin hands them to its StreamField editor."""
    packed = re.search(r'data-w-block-data-value="([^"]*)"', page_html).group(1)
    return json.loads(html.unescape(packed))


def list_children(definition, name):
    """The options of the child block of every ListBlock called `name`."""
    found = []
    if isinstance(definition, dict):
        if definition.get("_type") == "wagtail.blocks.ListBlock" and definition["_args"][0] == name:
            found.append(definition["_args"][1]["_args"][2])
        values = definition.values()
    else:
        values = definition if isinstance(definition, list) else []
    for value in values:
        found += list_children(value, name)
    return found


def test_each_saved_contact_of_the_list_has_a_label(client, press_index):
    editor = get_user_model().objects.create_superuser("redaction", "r@example.org", "x")
    client.force_login(editor)
    response = client.get(f"/admin/pages/add/press/pressreleasepage/{press_index.pk}/")
    assert response.status_code == 200
    children = list_children(block_definitions(response.content.decode()), "contacts")
    assert children  # the press-contacts block is offered
    assert [child["label"] for child in children] == ["Contact presse"] * len(children)
    assert all(child["icon"] == "user" for child in children)

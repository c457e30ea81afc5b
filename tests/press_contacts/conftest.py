import json

import pytest

from tests.factories.home import StandardPageFactory


@pytest.fixture
def page_with_contacts(site_home):
    """Build a standard page whose body holds one press contacts block."""

    def build(contacts=(), inline_contacts=(), slug="contacts-bloc"):
        value = {
            "title": "Contacts presse",
            "contacts": [contact.pk for contact in contacts],
            "inline_contacts": list(inline_contacts),
        }
        return StandardPageFactory(
            parent=site_home,
            slug=slug,
            body=json.dumps([{"type": "press_contacts", "value": value}]),
        )

    return build

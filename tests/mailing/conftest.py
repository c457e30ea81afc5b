import datetime

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The per-IP counters live in the cache, shared by the whole test session."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def press_index(db):
    """A press room under the default site's root, without the (slower) demo content."""
    from wagtail.models import Site

    from press.models import PressIndexPage

    root = Site.objects.get(is_default_site=True).root_page
    return root.add_child(
        instance=PressIndexPage(title="Espace presse", slug="presse", intro="Communiqués.")
    )


def make_release(press_index, publish=True, **fields):
    from wagtail.rich_text import RichText

    from press.models import PressReleasePage

    fields = {
        "title": "Les budgets participatifs progressent dans le Nord",
        "slug": "budgets-participatifs-nord",
        "dateline_place": "Lille",
        "release_date": datetime.date(2026, 11, 23),
        "kicker": "Démocratie locale",
        "standfirst": "Trente communes du Nord ont ouvert un budget participatif cette année.",
        "body": [
            ("paragraph", RichText("<p>Premier paragraphe : les chiffres.</p>")),
            ("heading", {"text": "Intertitre", "level": "h2"}),
            ("paragraph", RichText("<p>Deuxième paragraphe, avec <b>gras</b>.</p>")),
            ("paragraph", RichText("<p>Troisième paragraphe.</p>")),
            ("paragraph", RichText("<p>Quatrième paragraphe, hors du courriel.</p>")),
            (
                "press_contacts",
                {
                    "title": "Contacts presse",
                    "contacts": [],
                    "inline_contacts": [
                        {
                            "name": "Camille Dupont",
                            "role": "Chargée de presse",
                            "organisation": "Cœur de nos communes",
                            "email": "presse@coeurdenoscommunes.fr",
                            "phone": "03 20 00 00 00",
                        }
                    ],
                },
            ),
        ],
        # The automatic alert is tested on its own (test_alerts.py): off for the other tests.
        "alert_subscribers": False,
        **fields,
    }
    release = press_index.add_child(instance=PressReleasePage(live=publish, **fields))
    if publish:
        release.save_revision().publish()
    return release


@pytest.fixture
def release(press_index):
    return make_release(press_index)

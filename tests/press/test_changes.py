"""Corrections and updates of a published release, in public: notes, history, versions."""

import json
import re

import feedparser
import pytest
from django.core.exceptions import ValidationError

from press.models import PressReleasePage
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db

NOTE = "Le montant du budget était de 50 000 €, et non 500 000 €."


@pytest.fixture
def release(press_index):
    page = PressReleasePageFactory(parent=press_index, title="Budget participatif : 500 000 €")
    page.save_revision().publish()
    return PressReleasePage.objects.get(pk=page.pk)


def republish(release, note="", kind="", **fields):
    draft = release.get_latest_revision_as_object()
    for name, value in {**fields, "change_kind": kind, "change_note": note}.items():
        setattr(draft, name, value)
    draft.full_clean()
    draft.save_revision().publish()
    return PressReleasePage.objects.get(pk=release.pk)


def json_ld(html):
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script.group(1))


def test_a_correction_shows_on_the_page_and_in_json_ld(client, release):
    release = republish(release, NOTE, "correction", title="Budget participatif : 50 000 €")
    html = client.get(release.url).content.decode()
    assert "Mis à jour le" in html
    history = html.split('id="release-changes-title"')[1].split("</section>")[0]
    assert "Correction" in history
    assert "50 000 €, et non 500 000 €" in history
    data = json_ld(html)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": NOTE,
            "datePublished": data["dateModified"],
        }
    ]


def test_an_update_is_no_correction_in_json_ld(client, release):
    release = republish(release, "Ajout de la liste des communes.", "mise-a-jour")
    html = client.get(release.url).content.decode()
    assert "Mise à jour" in html
    assert "correction" not in json_ld(html)


def test_a_minor_edit_needs_no_note_and_adds_nothing(client, release):
    release = republish(release, title="Budget participatif : 500 000 € (coquille)")
    assert release.change_history == []
    assert "Mis à jour le" not in client.get(release.url).content.decode()


def test_the_note_belongs_to_its_revision_only(release):
    release = republish(release, NOTE, "correction")
    draft = release.get_latest_revision_as_object()
    assert (draft.change_kind, draft.change_note) == ("", "")
    release = republish(release, title="Autre retouche")
    assert [entry["note"] for entry in release.change_history] == [NOTE]


def test_reverting_to_an_old_revision_keeps_the_history(release):
    first = release.live_revision
    release = republish(release, NOTE, "correction")
    first.publish()
    release.refresh_from_db()
    assert [entry["note"] for entry in release.change_history] == [NOTE]


def test_earlier_versions_stay_readable(client, release):
    release = republish(release, NOTE, "correction", title="Budget participatif : 50 000 €")
    listing = client.get(release.url + "versions/")
    assert listing["X-Robots-Tag"] == "noindex"
    html = listing.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert f'href="{release.url}versions/1/"' in html
    assert "version en ligne" in html
    assert NOTE in html

    old = client.get(release.url + "versions/1/")
    assert old["X-Robots-Tag"] == "noindex"
    old_html = old.content.decode()
    assert "Budget participatif : 500 000 €" in old_html
    assert re.search(r"Version du .+ remplacée le .+\.", old_html)

    assert client.get(release.url + "versions/2/")["Location"] == release.url
    assert client.get(release.url + "versions/3/").status_code == 404
    assert client.get(release.url + "versions/0/").status_code == 404


def test_the_feeds_carry_the_updated_date(client, release, press_index):
    release = republish(release, NOTE, "correction")
    feed = feedparser.parse(client.get(press_index.url + "atom/").content)
    (entry,) = [item for item in feed.entries if item.link.endswith(release.url)]
    assert entry.updated_parsed[:6] == release.last_published_at.utctimetuple()[:6]
    assert entry.updated_parsed != entry.published_parsed


@pytest.mark.parametrize(("kind", "note"), [("correction", ""), ("", NOTE)])
def test_a_note_has_a_kind_and_a_text(release, kind, note):
    draft = release.get_latest_revision_as_object()
    draft.change_kind, draft.change_note = kind, note
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "change_note" in error.value.message_dict


def test_a_release_never_published_has_no_note(press_index):
    draft = PressReleasePageFactory.build(
        title="Brouillon", change_kind="correction", change_note=NOTE
    )
    draft.first_published_at = None
    with pytest.raises(ValidationError) as error:
        draft.clean()
    assert "change_note" in error.value.message_dict


def test_the_demo_seed_release_shows_a_correction_and_two_versions(client, demo_site):
    seed = PressReleasePage.objects.get(slug="une-impulsion-amplifiee")
    html = client.get(seed.url).content.decode()
    assert "Historique des modifications" in html
    assert "23 novembre 2023, et non 22 novembre" in html
    assert "22 novembre 2023" in client.get(seed.url + "versions/1/").content.decode()

import datetime

import feedparser
import pytest
from django.core.management import call_command
from django.utils import timezone

from press.models import PressReleasePage
from tests.factories.partners import PartnerIndexPageFactory, PartnerPageFactory
from tests.factories.press import PressReleasePageFactory
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

SECRET = "Zéphyrin"


@pytest.fixture
def partner(site_home):
    return PartnerPageFactory(parent=PartnerIndexPageFactory(parent=site_home), slug="alpha")


@pytest.fixture
def embargoed(press_index, partner):
    """A release written today, scheduled for tomorrow with Wagtail's « go live » date."""
    release = PressReleasePageFactory(
        parent=press_index,
        title=f"Annonce sous embargo {SECRET}",
        standfirst=f"Le chapô de l'annonce {SECRET}.",
        release_date=timezone.localdate() + datetime.timedelta(1),
        partners=[partner],
        topics=["Embargo"],
        live=False,
        first_published_at=None,
        last_published_at=None,
    )
    release.go_live_at = timezone.now() + datetime.timedelta(days=1)
    release.save_revision().publish()
    release.refresh_from_db()
    return release


def visible_places(client, release, partner):
    """Every public place a release shows up in, and whether it does."""
    feeds = {
        url: feedparser.parse(client.get(url).content) for url in ("/presse/rss/", "/presse/atom/")
    }
    return {
        "url": client.get(release.url).status_code == 200,
        "index": SECRET in client.get("/presse/").content.decode(),
        "topic filter": SECRET in client.get("/presse/?topic=embargo").content.decode(),
        "rss": any(SECRET in entry.title for entry in feeds["/presse/rss/"].entries),
        "atom": any(SECRET in entry.title for entry in feeds["/presse/atom/"].entries),
        "topic feed": SECRET in client.get("/presse/rss/?topic=embargo").content.decode(),
        "sitemap": release.slug in sitemap_xml(client),
        # The query is echoed on the results page: look for the whole title.
        "search": release.title in client.get("/recherche/", {"q": SECRET}).content.decode(),
        "home": SECRET in client.get("/").content.decode(),
        "partner page": SECRET in client.get(partner.url).content.decode(),
    }


def test_scheduled_release_is_invisible_until_published(client, embargoed, partner):
    assert not embargoed.live
    assert embargoed.get_latest_revision().approved_go_live_at is not None
    places = visible_places(client, embargoed, partner)
    assert not any(places.values()), places

    # Its time has come (moved back to a minute ago), the cron runs `publish_scheduled`.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = embargoed.get_latest_revision()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    PressReleasePage.objects.filter(pk=embargoed.pk).update(go_live_at=past)
    call_command("publish_scheduled")

    embargoed.refresh_from_db()
    assert embargoed.live
    places = visible_places(client, embargoed, partner)
    assert all(places.values()), places


def test_publish_scheduled_leaves_future_releases_alone(client, embargoed):
    call_command("publish_scheduled")
    embargoed.refresh_from_db()
    assert not embargoed.live
    assert client.get(embargoed.url).status_code == 404

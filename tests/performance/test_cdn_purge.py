"""The CDN purge after a change: the changed page, its ancestors, the home page, the feeds and
the sitemap, in one batch per transaction."""

import pytest
from django.db import transaction
from django.urls import reverse

from cms import sitemaps
from practices.models import Commune
from press.models import PressIndexPage, PressReleasePage
from tests.performance import cdn

pytestmark = pytest.mark.django_db


@pytest.fixture
def recording_cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.performance.cdn.RecordingBackend"}
    }
    cdn.purged.clear()
    yield cdn.purged
    cdn.purged.clear()


def test_a_publication_purges_its_page_ancestors_feeds_and_sitemap(
    press_site, recording_cdn, django_capture_on_commit_callbacks
):
    release = PressReleasePage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        release.save_revision().publish()

    [batch] = recording_cdn
    root = press_site.root_url
    press_room = PressIndexPage.objects.get()
    expected = {
        root + release.url,
        root + press_room.url,
        root + press_room.url + "rss/",
        root + press_room.url + "atom/",
        root + "/",
        root + reverse("sitemap"),
        *(root + reverse("sitemap_section", args=[name]) for name in sitemaps.sections()),
    }
    assert expected <= set(batch)


def test_many_changes_in_one_transaction_make_one_purge(
    press_site, recording_cdn, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for commune in Commune.objects.all()[:5]:
            commune.save()
    assert len(recording_cdn) == 1


def test_nothing_is_purged_before_the_commit(press_site, recording_cdn):
    release = PressReleasePage.objects.live().first()
    release.save_revision().publish()  # the test's transaction is never committed
    assert recording_cdn == []

"""The whole catalogue's exports: generated once per version of the data into a stored file,
then served from it; every change they show renews the file at once (practices/export_files.py)."""

import io
import json
import os

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.http import FileResponse
from wagtail.models import Page

from practices import export_files
from practices import vocabularies as vocab
from tests.factories.partners import PartnerIndexPageFactory, PartnerPageFactory
from tests.performance import cdn
from tests.practices.conftest import SAMPLE
from tests.practices.test_catalogue import practices  # noqa: F401

pytestmark = pytest.mark.django_db

CSV, JSON = "/bonnes-pratiques/export/csv/", "/bonnes-pratiques/export/json/"
# A filter that keeps every practice: the same export, streamed.
EVERY_STATUS = "?" + "&".join(f"status={status}" for status in vocab.Status.values)


def body(response):
    return b"".join(response.streaming_content)


def stored(extension):
    """The stored export files of this format: {name: content}."""
    try:
        _directories, names = default_storage.listdir(export_files.DIRECTORY)
    except FileNotFoundError:
        return {}
    found = {}
    for name in names:
        if name.endswith(f".{extension}"):
            with default_storage.open(f"{export_files.DIRECTORY}/{name}", "rb") as file:
                found[name] = file.read()
    return found


def without_generation_time(content):
    data = json.loads(content)
    del data["genere_le"]
    return data


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Stored files of this test only (the test media directory lasts the whole session)."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def partner(site_home, practices):  # noqa: F811
    """A partner named by the Seclin practice."""
    partner = PartnerPageFactory(
        parent=PartnerIndexPageFactory(parent=site_home), title="Réseau des communes citoyennes"
    )
    seclin = practices["seclin"]
    seclin.partners = [partner]
    seclin.save_revision().publish()
    return partner


def test_the_whole_catalogue_is_served_from_a_stored_file(client, practices):  # noqa: F811
    first = client.get(CSV)
    assert isinstance(first, FileResponse)
    content = body(first)
    assert list(stored("csv").values()) == [content]
    assert content == body(client.get(CSV + EVERY_STATUS))  # the streamed generation

    name = next(iter(stored("csv")))
    with open(default_storage.path(f"{export_files.DIRECTORY}/{name}"), "wb") as file:
        file.write(b"contenu du fichier")
    assert body(client.get(CSV)) == b"contenu du fichier"  # served, not generated again


def test_the_stored_json_equals_the_streamed_one(client, practices):  # noqa: F811
    response = client.get(JSON)
    assert isinstance(response, FileResponse)
    content = body(response)
    assert list(stored("json").values()) == [content]
    data = without_generation_time(content)
    streamed = without_generation_time(body(client.get(JSON + EVERY_STATUS)))
    assert data["source"].startswith("http")
    assert data["source"].endswith(JSON)  # the export's address, without a filter
    assert streamed.pop("source").endswith(JSON + EVERY_STATUS)
    del data["source"]
    assert data == streamed
    assert len(data["pratiques"]) == 4


@pytest.mark.parametrize("url", [CSV, JSON])
def test_stored_and_streamed_exports_have_the_same_headers(client, practices, url):  # noqa: F811
    from_file, streamed = client.get(url), client.get(url + EVERY_STATUS)
    assert isinstance(from_file, FileResponse)
    assert not isinstance(streamed, FileResponse)
    for header in ("Content-Type", "Content-Disposition", "Link", "Access-Control-Allow-Origin"):
        assert from_file.get(header) == streamed.get(header), header
    assert int(from_file["Content-Length"]) == len(body(from_file))


def test_filtered_exports_are_streamed_and_not_stored(client, practices):  # noqa: F811
    for url in (CSV + "?theme=budget", JSON + "?q=budget&band=3500-19999"):
        response = client.get(url)
        assert response.streaming and not isinstance(response, FileResponse), url
        assert body(response)
    assert stored("csv") == stored("json") == {}


def publish_the_draft(practices, partner):  # noqa: F811
    practices["draft"].save_revision().publish()
    return "Brouillon à Seclin", False


def unpublish_a_practice(practices, partner):  # noqa: F811
    practices["cassel"].unpublish()
    return "Budget participatif de Cassel", True


def delete_a_practice(practices, partner):  # noqa: F811
    Page.objects.get(pk=practices["cassel"].pk).delete()
    return "Budget participatif de Cassel", True


def rename_a_commune(practices, partner):  # noqa: F811
    commune = practices["bailleul"].commune
    commune.name = "Bailleul-en-Flandre"
    commune.save()  # as the Communes admin does
    return "Bailleul-en-Flandre", False


def rename_a_partner(practices, partner):  # noqa: F811
    partner.title = "Réseau rebaptisé"
    partner.save_revision().publish()
    return "Réseau rebaptisé", False


def unpublish_a_partner(practices, partner):  # noqa: F811
    partner.unpublish()
    return "Réseau des communes citoyennes", True


@pytest.mark.parametrize("page_cache", [False, True], ids=["page cache off", "page cache on"])
@pytest.mark.parametrize(
    "change",
    [
        publish_the_draft,
        unpublish_a_practice,
        delete_a_practice,
        rename_a_commune,
        rename_a_partner,
        unpublish_a_partner,
    ],
)
def test_a_change_shows_in_the_next_export_at_once(
    client,
    settings,
    practices,  # noqa: F811
    partner,
    change,
    page_cache,
):
    settings.PAGE_CACHE_ENABLED = page_cache
    before = {url: body(client.get(url)).decode() for url in (CSV, JSON)}

    text, shown_before = change(practices, partner)

    for url in (CSV, JSON):
        assert (text in before[url]) is shown_before, url
        response = client.get(url)
        assert isinstance(response, FileResponse)
        after = body(response).decode()
        assert (text in after) is not shown_before, url
        extension = url.split("/")[-2]
        assert list(stored(extension).values()) == [after.encode()], "old versions are removed"


def test_a_migrate_renews_the_stored_exports(client, practices):  # noqa: F811
    client.get(CSV)
    name = next(iter(stored("csv")))

    call_command("migrate", verbosity=0)  # a data migration may have rewritten any content

    client.get(CSV)
    assert list(stored("csv")) != [name]


def test_a_commune_renews_the_stored_exports(
    client,
    practices,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    before = body(client.get(CSV))
    commune = practices["bailleul"].commune
    commune.population = 1
    with django_capture_on_commit_callbacks(execute=True):
        commune.save()
    after = body(client.get(CSV))
    assert after != before
    assert after == body(client.get(CSV + EVERY_STATUS))


def test_an_import_of_communes_purges_the_cdn_once(
    db, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {
        "recorder": {"BACKEND": "tests.performance.cdn.RecordingBackend"}
    }
    cdn.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_communes", SAMPLE, stdout=io.StringIO())  # 34 communes
    assert len(cdn.purged) == 1  # one CDN purge, not one per commune
    cdn.purged.clear()


def test_a_stored_file_that_has_gone_is_generated_again(client, practices):  # noqa: F811
    expected = body(client.get(CSV))
    for name in stored("csv"):
        default_storage.delete(f"{export_files.DIRECTORY}/{name}")
    assert body(client.get(CSV)) == expected
    assert list(stored("csv").values()) == [expected]


class InterruptedStorage(FileSystemStorage):
    """Writes the first half of a file, lets `interrupt()` run, then writes the rest: as
    another request would find a file being saved."""

    interrupt = None

    def _save(self, name, content):
        data = b"".join(content.chunks())
        full_path = self.path(name)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        with open(full_path, "wb") as file:
            file.write(data[: len(data) // 2])
        interrupt, InterruptedStorage.interrupt = InterruptedStorage.interrupt, None
        if interrupt:
            interrupt()
        with open(full_path, "ab") as file:
            file.write(data[len(data) // 2 :])
        return name


def test_a_file_being_saved_is_never_served(client, settings, practices):  # noqa: F811
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.InterruptedStorage"},
    }
    expected = body(client.get(CSV + EVERY_STATUS))
    during = []
    InterruptedStorage.interrupt = lambda: during.append(body(client.get(CSV)))

    first = body(client.get(CSV))

    assert during == [expected]  # a request while the first file was half written
    assert first == expected
    assert list(stored("csv").values()) == [expected]  # one of the two files remains, whole
    assert body(client.get(CSV)) == expected

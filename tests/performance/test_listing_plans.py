"""Listing pages read each large table a fixed number of times, however many rows it holds.

A listing reads its practices or releases a fixed number of times for its counts (facets, key
figures, the press room's years, topics and partners); it must not read them again for each
row, nor to sort them for one page of cards. The press room once read its releases four times,
the home page sorted every release for its three latest.

Here the site gets thousands of practices and releases (inserted in bulk, as the benchmark does),
PostgreSQL gathers its statistics, and each query of the page is run again under EXPLAIN ANALYZE:
the rows its scans read from a table, divided by the table's rows, count its full readings.

PostgreSQL only: SQLite has no EXPLAIN ANALYZE.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from benchmarks.generate_dataset import bulk_pages
from practices.models import Commune, PracticeIndexPage, PracticePage
from press.models import PressIndexPage, PressReleasePage, PressReleaseTopic
from tests import snapshots
from tests.performance import plans

pytestmark = [
    pytest.mark.django_db,  # ordered with the database tests, before any flush
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="EXPLAIN ANALYZE: PostgreSQL only"
    ),
]

ROWS = 2000  # practices, and releases
PRACTICES, RELEASES = "practices_practicepage", "press_pressreleasepage"

# Full readings allowed per page: {table: readings}.
READINGS = {
    "/": {PRACTICES: 1, RELEASES: 0},  # key figures; the latest releases by index
    "/presse/": {RELEASES: 1},  # the years with the count; the topics and partners in use
    "/presse/?page=10": {RELEASES: 1},
    "/presse/?topic=volume": {RELEASES: 2},  # and the filtered count
    # One ORM aggregate per family of facets (the total with the choice facets, the communes,
    # the device types, the themes, the years); the cards by index.
    "/bonnes-pratiques/": {PRACTICES: 5},
    "/bonnes-pratiques/?page=5": {PRACTICES: 5},
    "/bonnes-pratiques/?level=concertation&status=en-cours": {PRACTICES: 7},  # + 1 per active
    "/bonnes-pratiques/statistiques/": {PRACTICES: 5},
}


def add_many_pages():
    """ROWS live releases, one a day, a third with a topic; ROWS live practices over the demo's
    communes, each with a device type and a theme."""
    first_day = datetime.date(2010, 1, 1)
    release_ids = bulk_pages(
        PressIndexPage.objects.get(),
        PressReleasePage,
        [
            {
                "title": f"Communiqué en nombre {n}",
                "slug": f"communique-en-nombre-{n}",
                "published": timezone.now(),
                "release_date": first_day + datetime.timedelta(days=n),
                "standfirst": "Un communiqué parmi des milliers.",
                "body": [],
            }
            for n in range(ROWS)
        ],
    )
    volume = Tag.objects.get_or_create(name="Volume")[0]
    PressReleaseTopic.objects.bulk_create(
        PressReleaseTopic(content_object_id=page_id, tag=volume) for page_id in release_ids[::3]
    )
    communes = list(Commune.objects.all())
    practice_ids = bulk_pages(
        PracticeIndexPage.objects.get(),
        PracticePage,
        [
            {
                "title": f"Pratique en nombre {n}",
                "slug": f"pratique-en-nombre-{n}",
                "published": timezone.now(),
                "summary": "Une pratique parmi des milliers.",
                "commune": communes[n % len(communes)],
                "participation_level": ["concertation", "consultation"][n % 2],
                "start_date": first_day + datetime.timedelta(days=n),
            }
            for n in range(ROWS)
        ],
    )
    for field_name, slug in (("device_types", "budget-participatif"), ("themes", "budget")):
        field = PracticePage._meta.get_field(field_name)
        through = field.remote_field.through
        through.objects.bulk_create(
            through(**{"practicepage_id": page_id, f"{field.m2m_reverse_field_name()}_id": slug})
            for page_id in practice_ids
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics, as on a live database


def full_readings(client, url, tables):
    """{table: (full readings, the queries that read it in full)} for the page at `url`."""
    explained = plans.explained_queries(client, url)
    readings = {table: (0, []) for table in tables}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a constant
            size = cursor.fetchone()[0]
            for plan, sql in explained:
                if full := plans.rows_read(plan, {table}) // size:
                    count, sqls = readings[table]
                    readings[table] = (count + full, [*sqls, f"{full}× {sql}"])
    return readings


@pytest.fixture(scope="module")
def readings(django_db_setup, django_db_blocker, demo_snapshot):
    """{url: full_readings()} of each listing of READINGS, and of the newest case study under
    "case study", the many pages added once for all of them."""
    client = Client()
    with snapshots.applied_outside_tests(demo_snapshot, django_db_blocker):
        add_many_pages()
        found = {url: full_readings(client, url, tables) for url, tables in READINGS.items()}
        practice = PracticePage.objects.live().order_by("-pk").first()
        found["case study"] = full_readings(client, practice.url, [PRACTICES])
        return found


@pytest.mark.parametrize("url", READINGS)
def test_listing_reads_its_tables_a_fixed_number_of_times(readings, url):
    allowed = READINGS[url]
    for table, (count, sqls) in readings[url].items():
        assert count <= allowed[table], f"{table} read {count}× in full:\n" + "\n".join(sqls)


def test_case_study_reads_the_practices_at_most_once(readings):
    """Its similar practices: here every practice shares its device type and theme."""
    count, sqls = readings["case study"][PRACTICES]
    assert count <= 1, "\n".join(sqls)

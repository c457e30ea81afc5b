"""Detail pages read a few page rows, however many pages the site holds.

The query budgets count queries, on a few dozen pages; a single query can still read the whole
table. The release page did: its previous, next and related releases were found by sorting every
release of the press room (unseen on the test data), and the menu on every page read all the
pages under the home page. Here the site gets thousands of releases
(inserted in bulk, as the benchmark does), PostgreSQL gathers its statistics, and each query of
the page is run again under EXPLAIN ANALYZE: the rows its scans read from the page tables must
stay far below the number of pages.

Link tables (a topic's releases, a partner's) are not counted: the related releases read the
links of the page's own topics once, through their index.

PostgreSQL only: SQLite has no EXPLAIN ANALYZE.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from benchmarks.generate_dataset import bulk_pages
from partners.models import PartnerPage
from press.models import PressIndexPage, PressReleasePage, PressReleasePartner, PressReleaseTopic
from tests import snapshots
from tests.performance import plans

pytestmark = [
    pytest.mark.django_db,  # ordered with the database tests, before any flush
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="EXPLAIN ANALYZE: PostgreSQL only"
    ),
]

RELEASES = 3000
MAX_ROWS = 100
PAGE_TABLES = {"wagtailcore_page", "press_pressreleasepage"}


def add_many_releases():
    """RELEASES live releases, one a day, each with two of eight topics and a partner."""
    first_day = datetime.date(2010, 1, 1)
    days = [first_day + datetime.timedelta(days=n) for n in range(RELEASES)]
    ids = bulk_pages(
        PressIndexPage.objects.get(),
        PressReleasePage,
        [
            {
                "title": f"Communiqué en nombre {n}",
                "slug": f"communique-en-nombre-{n}",
                "published": timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
                "release_date": day,
                "standfirst": "Un communiqué parmi des milliers.",
                "body": [],
            }
            for n, day in enumerate(days)
        ],
    )
    tags = [Tag.objects.get_or_create(name=f"Thème en nombre {n}")[0] for n in range(8)]
    PressReleaseTopic.objects.bulk_create(
        PressReleaseTopic(content_object_id=page_id, tag=tags[(n + shift) % 8])
        for n, page_id in enumerate(ids)
        for shift in (0, 3)
    )
    partners = list(PartnerPage.objects.all())
    PressReleasePartner.objects.bulk_create(
        PressReleasePartner(page_id=page_id, partner=partners[n % len(partners)])
        for n, page_id in enumerate(ids)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # statistics, as on a live database
    return PressReleasePage.objects.filter(pk__in=ids).order_by("release_date")


def rows_per_query(client, url):
    return [
        (plans.rows_read(plan, PAGE_TABLES), sql)
        for plan, sql in plans.explained_queries(client, url)
    ]


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, demo_snapshot):
    """{page: rows_per_query()} of the oldest, middle and newest of the many releases, and of
    the standard page, the releases added once for all of them."""
    client = Client()
    with snapshots.applied_outside_tests(demo_snapshot, django_db_blocker):
        releases = add_many_releases()
        urls = {
            "oldest": releases[0].url,
            "middle": releases[RELEASES // 2].url,
            "newest": releases[RELEASES - 1].url,
            "standard page": "/le-collectif/",
        }
        return {page: rows_per_query(client, url) for page, url in urls.items()}


def heavy_queries(measured_queries):
    return [f"{rows} rows: {sql}" for rows, sql in measured_queries if rows > MAX_ROWS]


@pytest.mark.parametrize("position", ["oldest", "middle", "newest"])
def test_release_page_reads_few_page_rows(measured, position):
    heavy = heavy_queries(measured[position])
    assert not heavy, "\n".join(heavy)


def test_standard_page_reads_few_page_rows(measured):
    heavy = heavy_queries(measured["standard page"])
    assert not heavy, "\n".join(heavy)

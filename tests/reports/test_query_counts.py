"""The report pages answer in a small, constant number of queries whatever the size of the
catalogue they were frozen from (tests/performance/test_query_budgets.py's measure)."""

import re

import pytest
from django.test import Client

from practices.reports.models import ReportPage
from tests import snapshots
from tests.performance import content
from tests.performance.test_query_budgets import BUDGET, LARGE, SMALL, measure

pytestmark = pytest.mark.django_db


def new_edition(number):
    """A copy of the demo report published now: its figures frozen from today's catalogue."""
    demo = ReportPage.objects.get(slug="premier-rapport")
    copy = demo.copy(
        update_attrs={"slug": f"edition-{number}", "title": f"Édition {number}"}, keep_live=False
    )
    copy.save_revision().publish()
    return ReportPage.objects.get(pk=copy.pk)


def data_file(report):
    chart = next(item for item in report.items if item.kind == "chart")
    return f"{report.url}donnees/{chart.id}.csv"


URLS = {
    "report": lambda report: report.url,
    "report index": lambda report: "/rapports/",
    "chart data": data_file,
    "press room": lambda report: "/presse/",
}


@pytest.fixture(scope="module")
def queries_at_two_sizes(django_db_setup, django_db_blocker, demo_snapshot):
    """{name: (queries at the small size, queries at the large size)} of each URL, the content
    grown once for all of them instead of once per URL; rolled back as a test's changes."""
    client = Client()
    with snapshots.applied_outside_tests(demo_snapshot, django_db_blocker):
        content.grow(SMALL)
        edition = new_edition(1)
        small = {name: measure(client, url(edition)) for name, url in URLS.items()}
        content.grow(LARGE - SMALL)
        edition = new_edition(2)
        large = {name: measure(client, url(edition)) for name, url in URLS.items()}
    return {name: (small[name], large[name]) for name in URLS}


@pytest.mark.parametrize("name", URLS)
def test_constant_queries_at_two_data_sizes(queries_at_two_sizes, name):
    small, large = queries_at_two_sizes[name]
    report = f"{len(small)} then {len(large)} queries:\n" + "\n".join(
        re.sub(r"SELECT .*? FROM", "SELECT … FROM", query)[:300] for query in large
    )
    assert len(large) == len(small), report
    assert len(large) <= BUDGET, report

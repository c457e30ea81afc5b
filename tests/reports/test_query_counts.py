"""The report pages answer in a small, constant number of queries whatever the size of the
catalogue they were frozen from (tests/performance/test_query_budgets.py's measure)."""

import re

import pytest

from practices.reports.models import ReportPage
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


@pytest.mark.parametrize("name", URLS)
def test_constant_queries_at_two_data_sizes(client, demo_site, name):
    content.grow(SMALL)
    small = measure(client, URLS[name](new_edition(1)))
    content.grow(LARGE - SMALL)
    large = measure(client, URLS[name](new_edition(2)))
    report = f"{len(small)} then {len(large)} queries:\n" + "\n".join(
        re.sub(r"SELECT .*? FROM", "SELECT … FROM", query)[:300] for query in large
    )
    assert len(large) == len(small), report
    if name != "press room":  # its budget is press's (test_query_budgets.OVER_BUDGET)
        assert len(large) <= BUDGET, report

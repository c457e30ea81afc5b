import pytest

from practices.reports.models import ReportPage


@pytest.fixture
def report(demo_site):
    """The demo report, « Premier rapport », published with its figures frozen."""
    return ReportPage.objects.get(slug="premier-rapport")

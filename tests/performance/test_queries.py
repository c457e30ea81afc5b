import pytest
from wagtail.models import Page, PageViewRestriction

from cms.queries import public
from cms.sitewide import restricted_paths

pytestmark = pytest.mark.django_db


def test_public_matches_wagtail_public_in_one_query(press_site, django_assert_num_queries):
    press = Page.objects.get(slug="presse")
    collective = Page.objects.get(slug="le-collectif")
    PageViewRestriction.objects.create(page=press, restriction_type="login")
    PageViewRestriction.objects.create(page=collective, restriction_type="password", password="x")

    expected = set(Page.objects.live().public().values_list("pk", flat=True))
    restricted_paths()  # read once per process until a restriction changes (cms/sitewide.py)
    with django_assert_num_queries(1):
        found = set(public(Page.objects.live()).values_list("pk", flat=True))

    assert found == expected
    assert press.pk not in found
    assert not found & set(press.get_descendants().values_list("pk", flat=True))
    assert collective.get_parent().pk in found


def test_public_adds_no_condition_while_no_page_is_restricted(press_site):
    assert not PageViewRestriction.objects.exists()
    sql = str(public(Page.objects.live()).query)
    assert PageViewRestriction._meta.db_table not in sql

    PageViewRestriction.objects.create(
        page=Page.objects.get(slug="presse"), restriction_type="login"
    )
    sql = str(public(Page.objects.live()).query)
    assert PageViewRestriction._meta.db_table in sql

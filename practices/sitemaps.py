"""The sitemap sections of the case studies and of the commune profiles, thousands of each."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cms.sitemaps import PageSitemap
from practices.models import Commune, PracticePage


class PracticeSitemap(PageSitemap):
    model = PracticePage


class CommuneSitemap(Sitemap):
    """Every commune of the reference list has its profile, with or without practices."""

    @property
    def limit(self):
        return PageSitemap.limit  # the files of every section are cut alike

    def items(self):
        return Commune.objects.order_by("insee_code").values_list("insee_code", flat=True)

    def location(self, insee_code):
        return reverse("communes:profile", args=[insee_code])

"""Grow the demo content by a given amount, for the query budgets (two data sizes)."""

import datetime
import itertools

from wagtail.rich_text import RichText

from partners.models import PartnerIndexPage, PartnerKind, PartnerPage
from press.models import PressIndexPage, PressReleasePage, PressReleasePartner
from tests.factories.partners import LogoFactory

_serial = itertools.count()


def paragraph(text):
    return ("paragraph", RichText(f"<p>{text}</p>"))


def add_partners(count):
    index = PartnerIndexPage.objects.get()
    created = []
    for _ in range(count):
        n = next(_serial)
        partner = PartnerPage(
            title=f"Partenaire de charge {n}",
            slug=f"partenaire-de-charge-{n}",
            kind=list(PartnerKind)[n % len(PartnerKind)],
            descriptor="Association de mesure",
            summary="Un partenaire créé pour mesurer les requêtes.",
            logo=LogoFactory(),
            partner_since=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
        index.add_child(instance=partner)
        created.append(partner)
    return created


def add_releases(count, partners):
    """`count` live releases spread over years, with a lead image, topics and partners."""
    index = PressIndexPage.objects.get()
    image = LogoFactory(title="Photo de communiqué", description="Une photo de communiqué")
    for _ in range(count):
        n = next(_serial)
        release = PressReleasePage(
            title=f"Communiqué de charge {n}",
            slug=f"communique-de-charge-{n}",
            release_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=97 * n),
            standfirst="Un communiqué créé pour mesurer les requêtes.",
            lead_image=image,
            body=[paragraph("Le corps du communiqué."), paragraph("Un second paragraphe.")],
        )
        release.topics.add(f"Thème {n % 4}", "Mesure")
        release.partner_links = [
            PressReleasePartner(partner=partner) for partner in partners[: 1 + n % 2]
        ]
        index.add_child(instance=release)


def grow(size):
    """Add `size` releases and `size // 3 + 1` partners, all linked together."""
    partners = add_partners(size // 3 + 1)
    partners += list(PartnerPage.objects.live().exclude(pk__in=[p.pk for p in partners])[:2])
    add_releases(size, partners)

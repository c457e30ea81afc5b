"""Grow the demo content by a given amount, for the query budgets (two data sizes)."""

import datetime
import itertools

from wagtail.rich_text import RichText
from wagtail_factories import DocumentFactory

from partners.models import PartnerIndexPage, PartnerKind, PartnerPage
from practices import vocabularies as vocab
from practices.models import (
    Commune,
    DeviceTypeTerm,
    PracticeContact,
    PracticeDocument,
    PracticeFollowUp,
    PracticeIndexPage,
    PracticePage,
    PracticePhoto,
    ThemeTerm,
)
from press.models import PressIndexPage, PressReleasePage, PressReleasePartner
from tests.factories.partners import LogoFactory
from tests.factories.press_contacts import PressContactFactory

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
    """`count` live releases spread over years, with a lead image, topics, partners and a press
    contacts block naming photographed contacts."""
    index = PressIndexPage.objects.get()
    image = LogoFactory(title="Photo de communiqué", description="Une photo de communiqué")
    contacts = {
        "title": "Contacts presse",
        "contacts": [PressContactFactory(with_photo=True) for _ in range(2)],
        "inline_contacts": [],
    }
    for _ in range(count):
        n = next(_serial)
        release = PressReleasePage(
            title=f"Communiqué de charge {n}",
            slug=f"communique-de-charge-{n}",
            release_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=97 * n),
            standfirst="Un communiqué créé pour mesurer les requêtes.",
            lead_image=image,
            body=[
                paragraph("Le corps du communiqué."),
                paragraph("Un second paragraphe."),
                ("press_contacts", contacts),
            ],
        )
        release.topics.add(f"Thème {n % 4}", "Mesure")
        release.partner_links = [
            PressReleasePartner(partner=partner) for partner in partners[: 1 + n % 2]
        ]
        index.add_child(instance=release)


def add_practices(count, partners):
    """`count` live practices over the demo communes, with a lead image, facets, themes,
    partners, and all that a case study lists: documents, photos, contacts and follow-ups."""
    index = PracticeIndexPage.objects.get()
    image = LogoFactory(title="Photo de pratique", description="Une photo de pratique")
    document = DocumentFactory(title="Délibération de pratique")
    communes = list(Commune.objects.order_by("pk")[:20])
    devices = list(DeviceTypeTerm.objects.all())
    themes = list(ThemeTerm.objects.all())
    levels = list(vocab.ParticipationLevel)
    for _ in range(count):
        n = next(_serial)
        practice = PracticePage(
            title=f"Pratique de charge {n}",
            slug=f"pratique-de-charge-{n}",
            summary="Une pratique créée pour mesurer les requêtes.",
            commune=communes[n % len(communes)],
            participation_level=levels[n % len(levels)],
            start_date=datetime.date(2010, 1, 1) + datetime.timedelta(days=200 * n),
            participants=10 + n,
            lead_image=image,
            context=[paragraph("Le contexte.")],
        )
        practice.device_types = [devices[n % len(devices)]]
        practice.themes = [themes[n % len(themes)], themes[(n + 3) % len(themes)]]
        practice.partners = partners[: 1 + n % 2]
        practice.documents = [
            PracticeDocument(document=document, kind=vocab.DocumentKind.DELIBERATION)
        ]
        practice.photos = [PracticePhoto(image=image, caption="Une réunion publique.")]
        practice.contacts = [PracticeContact(name=f"Contact {n}", consent_to_publish=True)]
        practice.follow_ups = [
            PracticeFollowUp(
                date=practice.start_date,
                kind=vocab.FollowUpKind.DECISION,
                text="Adoptée.",
                document=document,
            )
        ]
        index.add_child(instance=practice)


def grow(size):
    """Add `size` releases, `size` practices and `size // 3 + 1` partners, linked together."""
    partners = add_partners(size // 3 + 1)
    partners += list(PartnerPage.objects.live().exclude(pk__in=[p.pk for p in partners])[:2])
    add_releases(size, partners)
    add_practices(size, partners)

"""Demo partners, from the release of 23 November 2023 « Une impulsion amplifiée ».

Runs before press/demo.py and practices/demo.py, which link their pages to these partners.
"""

import datetime

from cms.demo import get_or_create_page, home_page, placeholder_image
from partners.models import PartnerContribution, PartnerIndexPage, PartnerKind, PartnerPage
from press.models import PressContact

# The release says Empreintes Citoyennes already published contributions on the collective's
# participation platform on three themes, but gives neither their addresses nor their dates:
# these URLs are placeholders on a reserved example domain, and the dates are left empty.
PLATFORM = "https://participation.example.org/contributions/"
CONTRIBUTIONS = [
    (
        "Le rôle central de la commune dans la pratique de la citoyenneté",
        f"{PLATFORM}role-central-de-la-commune/",
    ),
    (
        "L'éducation à la citoyenneté, portée par le scolaire et par l'éducation populaire",
        f"{PLATFORM}education-a-la-citoyennete/",
    ),
    (
        "La formation des élus aux questions de participation citoyenne",
        f"{PLATFORM}formation-des-elus/",
    ),
]


def paragraph(html):
    return ("paragraph", html)


def load():
    index = get_or_create_page(
        home_page(),
        PartnerIndexPage,
        "partenaires",
        title="Partenaires",
        show_in_menus=True,
        intro="Associations et entreprises qui accompagnent le collectif dans le diagnostic de "
        "la démocratie locale et le recensement des bonnes pratiques de nos communes.",
        search_description="Les partenaires du collectif « La participation citoyenne, cœur de "
        "nos communes ».",
    )
    _empreintes_citoyennes(index)
    _consultvox(index)
    return index


def _empreintes_citoyennes(index):
    if PartnerPage.objects.child_of(index).filter(slug="empreintes-citoyennes").exists():
        return
    # The release names Julien Goupil as the association's press contact (its email only).
    contact = PressContact.objects.filter(
        email__iexact="julien.goupil@empreintes-citoyennes.fr"
    ).first() or PressContact.objects.create(
        name="Julien Goupil",
        organisation="Empreintes Citoyennes",
        email="julien.goupil@empreintes-citoyennes.fr",
    )
    page = PartnerPage(
        slug="empreintes-citoyennes",
        title="Empreintes Citoyennes",
        kind=PartnerKind.ASSOCIATION,
        descriptor="Association qui œuvre en faveur de la citoyenneté",
        logo=placeholder_image(
            "Logo Empreintes Citoyennes (démo)",
            "EMPREINTES\nCITOYENNES",
            "Logo de l'association Empreintes Citoyennes",
            background="#6b2d5c",
        ),
        summary="Organisation reconnue et dédiée à la promotion d'une citoyenneté active et "
        "responsable, l'association Empreintes Citoyennes est partenaire du collectif depuis le "
        "23 novembre 2023 et lui apporte son expertise en matière de démocratie participative.",
        partner_since=datetime.date(2023, 11, 23),
        scope="renfort technique dans le traitement des données collectées et la formalisation "
        "du premier rapport",
        # Website inferred from the domain of the contact address given in the release.
        website="https://www.empreintes-citoyennes.fr/",
        contact=contact,
        body=[
            paragraph(
                "<p>Durant l'étape 1 de notre initiative, consacrée au diagnostic de l'état de la "
                "démocratie dans le département du Nord et au recensement des bonnes pratiques "
                "de démocratie participative dans nos communes, ce partenariat se matérialise "
                "par un renfort technique dans le traitement des données collectées et la "
                "formalisation du premier rapport.</p>"
            ),
            paragraph(
                "<p>Nous nous retrouvons sur la volonté de renforcer l'implication citoyenne "
                "dans les processus décisionnels de nos communes et de promouvoir la mise en "
                "œuvre d'outils et de dispositifs de démocratie participative.</p>"
            ),
        ],
    )
    page.contributions = [PartnerContribution(title=title, url=url) for title, url in CONTRIBUTIONS]
    index.add_child(instance=page)
    page.save_revision().publish()


def _consultvox(index):
    # The release only says ConsultVox was a partner before Empreintes Citoyennes: the date of
    # the partnership is unknown, so `partner_since` stays empty (listed after dated partners).
    get_or_create_page(
        index,
        PartnerPage,
        "consultvox",
        title="ConsultVox",
        kind=PartnerKind.COMPANY,
        descriptor="Entreprise partenaire du collectif",
        logo=placeholder_image(
            "Logo ConsultVox (démo)",
            "CONSULTVOX",
            "Logo de l'entreprise ConsultVox",
            background="#1d5c4a",
        ),
        summary="Entreprise partenaire du collectif avant novembre 2023, premier partenaire à "
        "accompagner notre démarche en faveur de la démocratie participative.",
    )

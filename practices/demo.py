"""Demo catalogue: the sample communes of the Nord and fictional example practices.

Every practice here is invented (is_example=True, « Exemple » badge, « (exemple) » in the
summary box) so nobody mistakes it for census data. Idempotent.
"""

import datetime
from pathlib import Path

from cms.demo import get_or_create_page, home_page, placeholder_image
from partners.models import PartnerPage
from practices import vocabularies as vocab
from practices.communes_import import import_communes
from practices.models import (
    Commune,
    DeviceTypeTerm,
    PracticeFollowUp,
    PracticeIndexPage,
    PracticePage,
    ThemeTerm,
)

SAMPLE_COMMUNES = Path(__file__).parent / "data" / "communes_nord_sample.csv"
D = vocab.DeviceType
T = vocab.Theme
L = vocab.ParticipationLevel
S = vocab.Status
N = vocab.Nature

# slug, title, INSEE code, devices, themes, level, nature, status, start, end, participants,
# budget, summary
EXAMPLES = [
    (
        "exemple-budget-participatif-des-quartiers",
        "Exemple : un budget participatif pour les quartiers",
        "59009",
        [D.PARTICIPATORY_BUDGET],
        [T.LIVING_ENVIRONMENT, T.ENVIRONMENT],
        L.CO_DECISION,
        N.REPEATED,
        S.ONGOING,
        datetime.date(2021, 3, 1),
        None,
        4200,
        400_000,
        "Les habitants proposent puis votent des projets d'investissement pour leur quartier.",
    ),
    (
        "exemple-budget-participatif-jeunesse",
        "Exemple : un budget participatif réservé aux jeunes",
        "59560",
        [D.PARTICIPATORY_BUDGET, D.YOUTH_COUNCIL],
        [T.YOUTH, T.CULTURE],
        L.CO_DECISION,
        N.REPEATED,
        S.COMPLETED,
        datetime.date(2022, 9, 1),
        datetime.date(2023, 6, 30),
        610,
        50_000,
        "Les 11-25 ans disposent d'une enveloppe et choisissent eux-mêmes les projets financés.",
    ),
    (
        "exemple-conseils-de-quartier-renouveles",
        "Exemple : des conseils de quartier renouvelés par tirage au sort",
        "59512",
        [D.NEIGHBOURHOOD_COUNCIL],
        [T.GOVERNANCE, T.LIVING_ENVIRONMENT],
        L.CONCERTATION,
        N.PERMANENT,
        S.ONGOING,
        datetime.date(2020, 10, 1),
        None,
        180,
        30_000,
        "Une moitié des membres tirée au sort sur les listes électorales, l'autre volontaire.",
    ),
    (
        "exemple-convention-citoyenne-climat",
        "Exemple : une convention citoyenne locale pour le climat",
        "59183",
        [D.CITIZENS_ASSEMBLY],
        [T.ENVIRONMENT, T.MOBILITY],
        L.CO_CONSTRUCTION,
        N.ONE_OFF,
        S.COMPLETED,
        datetime.date(2022, 1, 15),
        datetime.date(2022, 11, 30),
        50,
        120_000,
        "Cinquante habitants tirés au sort formulent des propositions que le conseil examine.",
    ),
    (
        "exemple-conseil-municipal-des-enfants",
        "Exemple : un conseil municipal des enfants qui gère un jardin",
        "59135",
        [D.CHILDREN_COUNCIL],
        [T.YOUTH, T.ENVIRONMENT],
        L.CONCERTATION,
        N.PERMANENT,
        S.ONGOING,
        datetime.date(2019, 11, 1),
        None,
        18,
        3_000,
        "Les élèves de CM1 et CM2 élisent leurs représentants et conçoivent un jardin partagé.",
    ),
    (
        "exemple-marche-exploratoire-des-femmes",
        "Exemple : des marches exploratoires pour un quartier plus sûr",
        "59599",
        [D.EXPLORATORY_WALK],
        [T.SAFETY, T.URBAN_PLANNING],
        L.CONSULTATION,
        N.REPEATED,
        S.COMPLETED,
        datetime.date(2021, 5, 10),
        datetime.date(2021, 12, 15),
        45,
        8_000,
        "Des habitantes parcourent leur quartier de jour et de nuit et signalent les points noirs.",
    ),
    (
        "exemple-conseil-des-sages",
        "Exemple : un conseil des sages consulté sur chaque grand projet",
        "59043",
        [D.ELDERS_COUNCIL, D.ADVISORY_COMMITTEE],
        [T.SOLIDARITY, T.GOVERNANCE],
        L.CONSULTATION,
        N.PERMANENT,
        S.ONGOING,
        datetime.date(2018, 2, 1),
        None,
        24,
        2_000,
        "Des retraités volontaires rendent un avis écrit sur les projets structurants.",
    ),
    (
        "exemple-plateforme-de-consultation",
        "Exemple : une plateforme numérique de consultation",
        "59350",
        [D.DIGITAL_PLATFORM, D.CONSULTATION],
        [T.DIGITAL, T.URBAN_PLANNING],
        L.CONSULTATION,
        N.PERMANENT,
        S.ONGOING,
        datetime.date(2023, 4, 3),
        None,
        9_800,
        60_000,
        "Chaque projet d'aménagement est soumis en ligne, avec des permanences en mairie.",
    ),
    (
        "exemple-atelier-renovation-place",
        "Exemple : des ateliers pour rénover la place du village",
        "59669",
        [D.WORKSHOP, D.PUBLIC_MEETING],
        [T.URBAN_PLANNING, T.LIVING_ENVIRONMENT],
        L.CO_CONSTRUCTION,
        N.ONE_OFF,
        S.COMPLETED,
        datetime.date(2022, 3, 5),
        datetime.date(2022, 6, 25),
        85,
        15_000,
        "Trois samedis d'ateliers ont fixé le programme de la rénovation avec l'architecte.",
    ),
    (
        "exemple-votation-citoyenne-mobilites",
        "Exemple : une votation sur le plan de circulation",
        "59378",
        [D.CONSULTATION],
        [T.MOBILITY],
        L.CO_DECISION,
        N.ONE_OFF,
        S.COMPLETED,
        datetime.date(2023, 9, 1),
        datetime.date(2023, 10, 15),
        6_300,
        25_000,
        "Les habitants ont choisi entre deux plans de circulation ; le conseil a suivi le vote.",
    ),
    (
        "exemple-droit-d-interpellation",
        "Exemple : un droit d'interpellation du conseil municipal",
        "59606",
        [D.PETITION],
        [T.GOVERNANCE],
        L.CONSULTATION,
        N.PERMANENT,
        S.PLANNED,
        datetime.date(2025, 1, 1),
        None,
        None,
        None,
        "Une pétition signée par 500 habitants inscrit un sujet à l'ordre du jour du conseil.",
    ),
    (
        "exemple-jury-citoyen-sante",
        "Exemple : un jury citoyen sur l'accès aux soins",
        "59036",
        [D.CITIZENS_JURY],
        [T.HEALTH, T.SOLIDARITY],
        L.CONCERTATION,
        N.ONE_OFF,
        S.SUSPENDED,
        datetime.date(2024, 2, 1),
        None,
        20,
        10_000,
        "Vingt habitants tirés au sort auditionnent des soignants et rendent un avis motivé.",
    ),
    (
        "exemple-conseil-citoyen-qpv",
        "Exemple : un conseil citoyen au cœur du contrat de ville",
        "59172",
        [D.CITIZENS_COUNCIL],
        [T.HOUSING, T.ECONOMY, T.SOLIDARITY],
        L.CONCERTATION,
        N.PERMANENT,
        S.ONGOING,
        datetime.date(2015, 6, 1),
        None,
        30,
        12_000,
        "Habitants et acteurs du quartier prioritaire suivent les actions du contrat de ville.",
    ),
    (
        "exemple-reunions-publiques-budget",
        "Exemple : des réunions publiques sur le budget communal",
        "59653",
        [D.PUBLIC_MEETING],
        [T.BUDGET],
        L.INFORMATION,
        N.REPEATED,
        S.ABANDONED,
        datetime.date(2017, 3, 1),
        datetime.date(2019, 3, 31),
        40,
        None,
        "Chaque année, le budget était présenté et discuté avant son vote ; l'expérience a cessé.",
    ),
]

F = vocab.FollowUpKind
# The « Suivi » of two examples: date, kind, text.
FOLLOW_UPS = {
    "exemple-budget-participatif-des-quartiers": [
        (datetime.date(2021, 2, 8), F.DECISION, "Le conseil municipal crée le budget "
         "participatif et lui réserve 400 000 € par an (exemple fictif)."),
        (datetime.date(2022, 6, 15), F.IMPLEMENTATION, "Les douze premiers projets votés "
         "sont réalisés : jardins partagés, bancs, éclairage d'un passage."),
        (datetime.date(2024, 1, 29), F.EVALUATION, "Le bilan des trois premières éditions est "
         "présenté en conseil municipal : la participation a doublé."),
    ],
    "exemple-reunions-publiques-budget": [
        (datetime.date(2019, 3, 31), F.ENDING, "La commune met fin aux réunions publiques sur "
         "le budget, faute de participants (exemple fictif)."),
    ],
}  # fmt: skip
WITH_IMAGE = {0, 3, 7, 12}
WITH_PARTNER = {0, 3}


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def load():
    home = home_page()
    with SAMPLE_COMMUNES.open("rb") as file:
        import_communes(file)
    index = get_or_create_page(
        home,
        PracticeIndexPage,
        "bonnes-pratiques",
        title="Bonnes pratiques",
        show_in_menus=True,
        intro="Le recensement des pratiques de démocratie participative des communes du Nord : "
        "des fiches à lire, comparer et reproduire. Les fiches marquées « Exemple » sont fictives.",
        statistics_intro="Les pratiques recensées en chiffres. Tant que le recensement commence, "
        "ces chiffres portent sur les fiches d'exemple.",
        search_description="Catalogue des bonnes pratiques de démocratie participative des "
        "communes du Nord.",
    )
    partner = PartnerPage.objects.live().filter(slug="empreintes-citoyennes").first()
    communes = {commune.insee_code: commune for commune in Commune.objects.all()}
    device_terms = DeviceTypeTerm.objects.in_bulk()
    theme_terms = ThemeTerm.objects.in_bulk()
    for position, example in enumerate(EXAMPLES):
        (slug, title, insee, devices, themes, level, nature, status, start, end, people, budget,
         summary) = example  # fmt: skip
        if PracticePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        commune = communes[insee]
        fields = {
            "title": title,
            "summary": summary,
            "is_example": True,
            "commune": commune,
            "scale": vocab.Scale.NEIGHBOURHOOD if position in {2, 5, 12} else vocab.Scale.COMMUNE,
            "in_priority_neighbourhood": position == 12,
            "participation_level": level,
            "nature": nature,
            "status": status,
            "start_date": start,
            "end_date": end,
            "participants": people,
            "publics": "Habitants de la commune (exemple fictif)",
            "recruitment": vocab.Recruitment.LOT if "tirage" in title else vocab.Recruitment.OPEN,
            "budget": budget,
            "carrier": vocab.Carrier.COMMUNE,
            "context": paragraph(
                f"Fiche d'exemple fictive. À {commune.name}, les élus souhaitaient associer "
                "davantage les habitants aux décisions qui les concernent."
            ),
            "how_it_works": paragraph(summary),
            "results": paragraph(
                "Des propositions concrètes, une participation plus diverse que lors des réunions "
                "habituelles et des décisions mieux comprises (résultats imaginés pour l'exemple)."
            ),
            "lessons": paragraph(
                "Annoncer dès le départ ce que deviendront les propositions ; rendre compte "
                "publiquement des suites données."
            ),
            "advice": paragraph(
                "Commencer petit, fixer un calendrier court et prévoir un budget d'animation."
            ),
            "census_source": vocab.CensusSource.QUESTIONNAIRE,
            "collected_on": datetime.date(2024, 1, 15),
            "verification_status": (
                vocab.VerificationStatus.VERIFIED
                if position % 3 == 0
                else vocab.VerificationStatus.UNVERIFIED
            ),
        }
        if position in WITH_IMAGE:
            fields["lead_image"] = placeholder_image(
                f"Exemple de pratique {position + 1}",
                f"{devices[0].label}\n(exemple)",
                f"Illustration de l'exemple « {title} »",
                background="#0b2a52" if position % 2 else "#a3182c",
            )
        page = PracticePage(slug=slug, **fields)
        page.device_types = [device_terms[value] for value in devices]
        page.themes = [theme_terms[value] for value in themes]
        if partner and position in WITH_PARTNER:
            page.partners = [partner]
        page.follow_ups = [
            PracticeFollowUp(date=date, kind=kind, text=text)
            for date, kind, text in FOLLOW_UPS.get(slug, [])
        ]
        index.add_child(instance=page)
        page.save_revision().publish()

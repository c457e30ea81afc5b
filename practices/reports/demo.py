"""Demo report: « Premier rapport — état de la participation citoyenne dans le Nord », with
every data block, frozen « au 15 mars 2026 ». Its figures are those of the fictional example
practices of the demo catalogue. Idempotent."""

import datetime
from zoneinfo import ZoneInfo

from cms.demo import get_or_create_page, home_page
from partners.models import PartnerPage
from practices.reports.models import ReportIndexPage, ReportPage

FROZEN_AT = datetime.datetime(2026, 3, 15, 18, 0, tzinfo=ZoneInfo("Europe/Paris"))


def paragraph(html):
    return ("paragraph", html)


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def chart(dimension, title=""):
    return ("data_chart", {"title": title, "dimension": dimension, "selection": ""})


def body():
    return [
        heading("Ce que dit le recensement"),
        paragraph(
            "<p>Premier état des lieux des pratiques de démocratie participative recensées dans "
            "les communes du Nord. Les fiches de cette démonstration sont fictives : les chiffres "
            "ci-dessous les comptent comme le feront les fiches du recensement.</p>"
        ),
        ("data_figures", {"title": "Chiffres clés", "selection": ""}),
        heading("Quels dispositifs, sur quels sujets ?"),
        chart("device"),
        chart("theme"),
        heading("Où et depuis quand ?"),
        chart("band"),
        chart("epci"),
        chart("year"),
        ("data_map", {"title": "Carte des pratiques par commune", "selection": ""}),
        ("data_coverage", {"title": "Couverture du département", "selection": ""}),
        heading("Zoom sur les budgets participatifs"),
        (
            "data_practices",
            {
                "title": "Les budgets participatifs recensés",
                "selection": "device=budget-participatif",
                "limit": 20,
            },
        ),
        (
            "methodology",
            {
                "title": "Méthodologie",
                "text": "<p>Les pratiques comptées sont les fiches publiées du catalogue, "
                "recensées par questionnaire auprès des communes puis relues par le collectif. "
                "Une pratique peut relever de plusieurs types de dispositif et de plusieurs "
                "thèmes. La couverture rapporte les communes du département comptant au moins une "
                "pratique aux communes de la liste de référence de l'INSEE.</p>",
            },
        ),
        ("credits", {"title": "Crédits", "credits": credits()}),
    ]


def credits():
    partner = PartnerPage.objects.live().filter(slug="empreintes-citoyennes").first()
    return [
        {
            "role": "Traitement des données",
            "name": "Empreintes Citoyennes",
            "url": partner.full_url if partner else "",
        },
        {"role": "Rédaction", "name": "Collectif Cœur de nos communes", "url": ""},
    ]


def load():
    index = get_or_create_page(
        home_page(),
        ReportIndexPage,
        "rapports",
        title="Rapports",
        show_in_menus=True,
        intro="Les rapports du collectif sur l'état de la participation citoyenne dans les "
        "communes du Nord, à lire en ligne ou en PDF, avec leurs données.",
    )
    report = get_or_create_page(
        index,
        ReportPage,
        "premier-rapport",
        title="Premier rapport — état de la participation citoyenne dans le Nord",
        subtitle="Diagnostic et recensement des bonnes pratiques (démonstration)",
        summary="Ce que font les communes du Nord pour associer leurs habitants : dispositifs, "
        "thèmes, tailles de commune et territoires, d'après les pratiques publiées du catalogue.",
        body=body(),
    )
    if report.data_frozen_at != FROZEN_AT:
        ReportPage.objects.filter(pk=report.pk).update(data_frozen_at=FROZEN_AT)

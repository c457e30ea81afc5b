"""The demo page tree's trunk: the home page, « Le collectif » and the legal pages."""

from wagtail.models import Page, Site

from cms.demo import get_or_create_page, home_page
from cms.models import SiteSettings
from home.models import HomePage, StandardPage
from practices.models import PracticeIndexPage
from press.models import PressIndexPage

MISSION = (
    "Un collectif transpartisan d'élus du Nord engagés en faveur de la démocratie "
    "participative : nous recensons et partageons les bonnes pratiques de participation "
    "citoyenne de nos communes."
)


def paragraph(html):
    return ("paragraph", html)


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def load():
    home = _home_page()
    get_or_create_page(
        home,
        StandardPage,
        "le-collectif",
        title="Le collectif",
        show_in_menus=True,
        intro="Des élus de toutes sensibilités, réunis autour d'une conviction : la commune est "
        "le premier lieu de la citoyenneté.",
        search_description="Qui nous sommes : un collectif transpartisan d'élus du Nord pour la "
        "démocratie participative.",
        body=[
            heading("Notre démarche"),
            paragraph(
                "<p>« La participation citoyenne, cœur de nos communes » rassemble des élus du "
                "département du Nord, au-delà des appartenances partisanes, pour renforcer "
                "l'implication citoyenne dans les processus décisionnels de nos communes.</p>"
            ),
            paragraph(
                "<p>L'étape 1 de notre initiative est consacrée au diagnostic de l'état de la "
                "démocratie dans notre département et au recensement des bonnes pratiques de "
                "démocratie participative dans nos communes.</p>"
            ),
        ],
    )
    legal = get_or_create_page(
        home,
        StandardPage,
        "mentions-legales",
        title="Mentions légales",
        intro="Éditeur, directeur de la publication et hébergeur du site.",
        body=[
            heading("Éditeur"),
            paragraph(
                "<p>Collectif « La participation citoyenne, cœur de nos communes », "
                "collectif transpartisan d'élus du Nord.</p>"
            ),
            heading("Directeur de la publication"),
            paragraph("<p>Le porte-parole du collectif.</p>"),
            heading("Hébergeur"),
            paragraph(
                "<p>Le nom, l'adresse et le téléphone de l'hébergeur sont indiqués ici "
                "lors de la mise en production.</p>"
            ),
        ],
    )
    privacy = get_or_create_page(
        home,
        StandardPage,
        "donnees-personnelles",
        title="Données personnelles",
        intro="Quelles données nous collectons, pourquoi, combien de temps, et vos droits.",
        body=[
            heading("Responsable du traitement"),
            paragraph(
                "<p>Le collectif « La participation citoyenne, cœur de nos communes », "
                "joignable à l'adresse de contact indiquée en bas de page.</p>"
            ),
            heading("Liste de diffusion presse"),
            paragraph(
                "<p>Les journalistes qui s'abonnent à nos communiqués nous confient leur adresse "
                "électronique, leur nom et leur média. Base légale : votre consentement, recueilli "
                "en deux temps (formulaire puis lien de confirmation) et enregistré avec sa date "
                "et son texte. Ces données servent uniquement à l'envoi des communiqués ; chaque "
                "message contient un lien de désinscription immédiate. Une demande non confirmée "
                "est effacée au bout de 30 jours ; les données d'un abonné sont effacées sur "
                "simple demande et au plus tard trois ans après son dernier contact.</p>"
                "<p>Ce que nous mesurons : pour chaque envoi, le nombre de messages envoyés, "
                "remis, rejetés, ouverts et de liens suivis, en totaux, sans historique par "
                "personne. L'ouverture et les clics ne sont enregistrés pour votre adresse que "
                "si vous l'avez accepté (case facultative à l'inscription, modifiable à tout "
                "moment par le lien « Gérer mes préférences » de chaque message). Les remises "
                "en échec (adresse inexistante, signalement comme indésirable) sont enregistrées "
                "pour cesser les envois à cette adresse.</p>"
                "<p>Briefings sous embargo : un journaliste à qui nous confions un communiqué "
                "avant sa publication reçoit un lien personnel ; nous enregistrons l'envoi du "
                "courriel et les ouvertures du lien (première, dernière, nombre), pour savoir qui "
                "l'a consulté. Une adresse qui n'est pas celle d'un abonné est effacée 30 jours "
                "après la publication du communiqué ; seuls restent des totaux.</p>"
            ),
            heading("Recensement des bonnes pratiques"),
            paragraph(
                "<p>Les coordonnées laissées par les communes qui signalent une pratique servent "
                "uniquement à les recontacter à ce sujet (base légale : consentement). Elles sont "
                "conservées le temps de l'étude de la contribution et de la publication de la "
                "fiche, et ne sont jamais ajoutées à la liste de diffusion presse.</p>"
            ),
            heading("Vos droits"),
            paragraph(
                "<p>Vous pouvez accéder à vos données, les rectifier, les faire effacer ou retirer "
                "votre consentement en écrivant à l'adresse de contact du collectif. Vous pouvez "
                "aussi adresser une réclamation à la CNIL (cnil.fr).</p>"
            ),
        ],
    )
    accessibility = get_or_create_page(
        home,
        StandardPage,
        "accessibilite",
        title="Accessibilité",
        intro="Déclaration d'accessibilité du site, établie le 26 novembre 2026 selon le RGAA 4.1.",
        body=[
            heading("État de conformité"),
            paragraph(
                "<p>Le site est <b>partiellement conforme</b> au référentiel général "
                "d'amélioration de l'accessibilité (RGAA 4.1) : l'audit complet des critères "
                "reste à conduire. Chaque type de page est vérifié automatiquement, à chaque "
                "modification, avec axe-core (règles WCAG 2.1 A et AA) et par une navigation au "
                "clavier seul.</p>"
            ),
            heading("Technologies utilisées"),
            paragraph("<ul><li>HTML5</li><li>CSS</li><li>SVG</li></ul>"),
            heading("Environnement de test"),
            paragraph(
                "<p>Chromium en mode sans interface, avec axe-core ; navigation au clavier.</p>"
            ),
            heading("Contenus non accessibles"),
            paragraph(
                "<ul><li>Les documents PDF joints par les communes au recensement peuvent ne pas "
                "être balisés ; les communiqués en PDF, eux, sont des PDF balisés.</li>"
                "<li>Les vidéos intégrées depuis des plateformes tierces dépendent de leur "
                "lecteur.</li></ul>"
            ),
            heading("Retour d'information et contact"),
            paragraph(
                "<p>Si vous ne parvenez pas à accéder à un contenu, écrivez-nous : nous vous "
                "répondrons et vous transmettrons l'information sous une autre forme.</p>"
            ),
            heading("Voies de recours"),
            paragraph(
                "<p>Si notre réponse ne vous satisfait pas, vous pouvez saisir le Défenseur des "
                "droits : par le formulaire en ligne sur defenseurdesdroits.fr, par téléphone au "
                "09 69 39 00 00, ou par courrier gratuit sans affranchissement : Défenseur des "
                "droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
            ),
        ],
    )
    _site_settings(home, legal, privacy, accessibility)
    return home


def _home_page():
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    root_page = site.root_page.specific
    if isinstance(root_page, HomePage):
        return root_page
    tree_root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(
            title="Accueil",
            slug="accueil",
            hero_text=MISSION,
            search_description=MISSION,
        )
        tree_root.add_child(instance=home)
        home.save_revision().publish()
    welcome_page = site.root_page
    site.root_page = home
    site.site_name = "Cœur de nos communes"
    site.save()
    if welcome_page.depth == 2 and not isinstance(welcome_page.specific, HomePage):
        welcome_page.delete()
    return home


def _site_settings(home, legal, privacy, accessibility):
    site = Site.objects.get(root_page=home)
    settings = SiteSettings.for_site(site)
    settings.mission = settings.mission or MISSION
    settings.contact_email = settings.contact_email or "contact@coeurdenoscommunes.fr"
    settings.legal_notice_page = settings.legal_notice_page or legal
    settings.privacy_page = settings.privacy_page or privacy
    settings.accessibility_page = settings.accessibility_page or accessibility
    settings.save()


def link_sections():
    """Point the home page's calls to action at the section indexes, once they exist."""
    home = home_page()
    sections = [
        (PressIndexPage.objects.child_of(home).first(), "Espace presse"),
        (PracticeIndexPage.objects.child_of(home).first(), "Découvrir les bonnes pratiques"),
    ]
    links = [(page, label) for page, label in sections if page]
    if home.calls_to_action or not links:
        return
    home.calls_to_action = [
        ("call_to_action", {"page": page, "label": label}) for page, label in links
    ]
    home.save_revision().publish()

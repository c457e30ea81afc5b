"""Demo press room: the release of 23 November 2023 « Une impulsion amplifiée », rebuilt
faithfully from shared/content/, its two press contacts, and clearly fictional examples.

Runs after partners/demo.py: releases are linked to the partner pages it creates, if present.
"""

import datetime

from django.utils import timezone

from cms.demo import get_or_create_page, home_page, placeholder_image
from press.changes import ChangeKind
from press.media_kit import THUMBNAIL_RENDITIONS
from press.models import (
    InvitationKind,
    MediaKind,
    MediaLicence,
    PressContact,
    PressIndexPage,
    PressReleaseMedia,
    PressReleasePage,
    PressReleasePartner,
    PressSettings,
)

COLLECTIVE = "La participation citoyenne, cœur de nos communes"
BOILERPLATE = (
    "<p>« <b>La participation citoyenne, cœur de nos communes</b> » est un collectif "
    "transpartisan d'élus du Nord engagés en faveur de la démocratie participative. Il dresse le "
    "diagnostic de l'état de la démocratie dans le département et recense les bonnes pratiques "
    "de participation citoyenne de nos communes.</p>"
)
CONTACTS = [
    {
        "name": "Baptiste Ménard",
        "role": "Contact presse",
        "organisation": COLLECTIVE,
        "email": "baptiste.menard@aol.com",
        "phone": "06.21.17.64.69",
    },
    {
        "name": "Julien Goupil",
        "role": "Contact presse",
        "organisation": "Empreintes Citoyennes",
        "email": "julien.goupil@empreintes-citoyennes.fr",
        "phone": "",
    },
]

# The body of the release of 23 November 2023, paragraph by paragraph, bold parts included.
SEED_PARAGRAPHS = [
    "<p>En ce jeudi 23 novembre 2023, nous sommes heureux d'annoncer que notre collectif « "
    "<b>la participation citoyenne, cœur de nos communes</b> » <b>noue un partenariat avec "
    "l'association Empreintes Citoyennes</b>, organisation reconnue et dédiée à la promotion "
    "d'une citoyenneté active et responsable.</p>",
    "<p>En unissant nos forces et nos efforts, nous nous engageons à promouvoir une gouvernance "
    "locale ouverte, plus participative et plus inclusive.</p>",
    "<p>Après l'entreprise ConsultVox, notre collectif transpartisan d'élus engagés en faveur de "
    "la démocratie participative se réjouit de pouvoir compter sur Empreintes Citoyennes et "
    "ainsi bénéficier de son expertise sur cette thématique qui nous est chère.</p>",
    "<p>Durant l'étape 1 de notre initiative consacrée au diagnostic de l'état de la démocratie "
    "dans notre département du Nord &amp; le recensement de nos bonnes pratiques de dispositifs "
    "de démocratie participative dans nos communes, cette collaboration se matérialisera par un "
    "renfort technique dans le traitement des données collectées et la formalisation du premier "
    "rapport.</p>",
    "<p>De plus, « Empreintes Citoyennes » a d'ores et déjà publié des contributions sur notre "
    "plateforme participative sur le rôle central de la commune dans la pratique de la "
    "citoyenneté, l'importance de l'éducation à la citoyenneté porté par le scolaire mais aussi "
    "par l'éducation populaire, et le besoin de formation des élus sur les questions de "
    "participation citoyenne.</p>",
    "<p>Nous nous retrouvons - en effet - sur la volonté de renforcer l'implication citoyenne "
    "dans les processus décisionnels de nos communes et promouvoir la mise en œuvre d'outils et "
    "dispositifs de démocratie participative pour développer encore davantage la vie citoyenne "
    "dans nos territoires.</p>",
    "<p>Notre conviction profonde est que la reconnaissance de l'engagement citoyen est "
    "essentiel pour bâtir des sociétés inclusives et responsables.</p>",
    "<p>Enfin, ce partenariat - qui en appelle d'autres - témoigne de notre volonté commune de "
    "faire émerger une société où chaque citoyen a la possibilité de contribuer à façonner son "
    "environnement local.</p>",
]

# The seed release's media kit, generated (never copied artwork) and said to be a demonstration:
# title, drawn text, alternative text, caption, credit, licence, kind, colour, size, format.
SEED_MEDIA = [
    (
        "Photo de la signature du partenariat (démo)",
        "Photo de démonstration : la signature du partenariat",
        "Aplat bleu portant le texte « Photo de démonstration : la signature du partenariat ».",
        "Signature du partenariat avec Empreintes Citoyennes (photo de démonstration).",
        "Collectif La participation citoyenne, cœur de nos communes (démo)",
        MediaLicence.CC_BY,
        MediaKind.PHOTO,
        "#123f7a",
        (1800, 1200),
        "JPEG",
    ),
    (
        "Photo de l'atelier participatif (démo)",
        "Photo de démonstration : un atelier participatif",
        "Aplat vert portant le texte « Photo de démonstration : un atelier participatif ».",
        "Un atelier participatif avec des habitants (photo de démonstration).",
        "Empreintes Citoyennes (démo)",
        MediaLicence.PRESS_ONLY,
        MediaKind.PHOTO,
        "#1d5c4a",
        (1800, 1200),
        "JPEG",
    ),
    (
        "Logo du collectif (démo)",
        "Cœur de nos communes",
        "Logo de démonstration : « Cœur de nos communes » en blanc sur fond rouge.",
        "Le logo du collectif (logo de démonstration).",
        "La participation citoyenne, cœur de nos communes",
        MediaLicence.ALL_RIGHTS_RESERVED,
        MediaKind.LOGO,
        "#a3182c",
        (800, 400),
        "PNG",
    ),
]

EXAMPLE_NOTE = (
    "<p><i>Ce communiqué est un exemple fictif, créé pour la démonstration du site : "
    "aucun des faits qu'il rapporte n'a eu lieu.</i></p>"
)
# Fictional releases: slug, date, title, standfirst, topics, partner slugs, image colour.
EXAMPLES = [
    (
        "exemple-lancement-du-recensement",
        datetime.date(2023, 12, 14),
        "Exemple : lancement du recensement des bonnes pratiques",
        "Les communes du Nord sont invitées à signaler leurs dispositifs de participation "
        "citoyenne.",
        ["Bonnes pratiques", "Démocratie participative"],
        [],
        None,
    ),
    (
        "exemple-atelier-formation-des-elus",
        datetime.date(2024, 3, 21),
        "Exemple : un premier atelier de formation des élus",
        "Une journée pour outiller les élus qui souhaitent associer les habitants à leurs "
        "décisions.",
        ["Formation des élus"],
        ["empreintes-citoyennes"],
        "#6b2d5c",
    ),
    (
        "exemple-restitution-du-diagnostic",
        datetime.date(2024, 9, 26),
        "Exemple : restitution du diagnostic départemental",
        "Les premiers enseignements du diagnostic de l'état de la démocratie locale dans le Nord.",
        ["Démocratie participative", "Diagnostic"],
        ["consultvox", "empreintes-citoyennes"],
        "#123f7a",
    ),
    (
        "exemple-guide-du-budget-participatif",
        datetime.date(2025, 2, 6),
        "Exemple : un guide du budget participatif pour les petites communes",
        "Dix fiches pratiques pour lancer un budget participatif avec peu de moyens.",
        ["Budget participatif", "Bonnes pratiques"],
        [],
        None,
    ),
    (
        "exemple-conseils-de-jeunes",
        datetime.date(2025, 6, 12),
        "Exemple : des conseils de jeunes dans dix communes",
        "Collégiens et lycéens prennent la parole dans la vie de leur commune.",
        ["Jeunesse", "Démocratie participative"],
        [],
        "#a3182c",
    ),
    (
        "exemple-deux-ans-de-partenariat",
        datetime.date(2025, 11, 20),
        "Exemple : deux ans de partenariat avec Empreintes Citoyennes",
        "Retour sur deux années de travail commun au service de la participation citoyenne.",
        ["Partenariats"],
        ["empreintes-citoyennes"],
        None,
    ),
    (
        "exemple-publication-du-premier-rapport",
        datetime.date(2026, 3, 19),
        "Exemple : publication du premier rapport",
        "Le rapport de l'étape 1 recense les bonnes pratiques de démocratie participative des "
        "communes du Nord.",
        ["Diagnostic", "Bonnes pratiques"],
        ["empreintes-citoyennes", "consultvox"],
        "#1d5c4a",
    ),
]


def load():
    home = home_page()
    index = get_or_create_page(
        home,
        PressIndexPage,
        "presse",
        title="Espace presse",
        show_in_menus=True,
        intro="Les communiqués du collectif, ses contacts presse et ses flux d'actualité.",
        search_description="Communiqués de presse et contacts presse du collectif « La "
        "participation citoyenne, cœur de nos communes ».",
    )
    contacts = [_contact(fields) for fields in CONTACTS]
    _press_settings(home, contacts)
    _seed_release(index, contacts)
    for example in EXAMPLES:
        _example_release(index, *example)
    _press_invitation(index, contacts[0])


def _contact(fields):
    contact = PressContact.objects.filter(email__iexact=fields["email"]).first()
    if contact is None:
        return PressContact.objects.create(**fields)
    changed = [name for name, value in fields.items() if value and not getattr(contact, name)]
    for name in changed:
        setattr(contact, name, fields[name])
    if changed:
        contact.save(update_fields=changed)
    return contact


def _press_settings(home, contacts):
    settings = PressSettings.for_site(home.get_site())
    if not settings.press_boilerplate:
        settings.press_boilerplate = BOILERPLATE
        settings.save(update_fields=["press_boilerplate"])
    if not settings.default_press_contacts.exists():
        settings.default_press_contacts.set(contacts)


WRONG_SEED_DATE = datetime.date(2023, 11, 22)


def _correct(release, note, **fields):
    """Publish a corrected version of `release`, with its change note."""
    draft = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.change_kind = ChangeKind.CORRECTION
    draft.change_note = note
    draft.save_revision().publish()


def _partners(slugs):
    # The partners app sits above press: its pages are reached through the foreign key.
    partner_model = PressReleasePartner._meta.get_field("partner").related_model
    found = {page.slug: page for page in partner_model.objects.filter(slug__in=slugs)}
    return [found[slug] for slug in slugs if slug in found]


def _create_release(index, slug, topics, partner_slugs, **fields):
    """Create and publish the release `slug` under `index` once, with topics and partners."""
    release = PressReleasePage.objects.child_of(index).filter(slug=slug).first()
    if release is not None:
        return release
    release = PressReleasePage(slug=slug, **fields)
    release.topics.add(*topics)
    release.partner_links = [  # in this order, as the editor's form numbers them
        PressReleasePartner(partner=partner, sort_order=position)
        for position, partner in enumerate(_partners(partner_slugs))
    ]
    index.add_child(instance=release)
    release.save_revision().publish()
    return release


def _seed_release(index, contacts):
    band = {
        "organisations": [
            {
                "name": "Participation citoyenne, cœur de nos communes",
                "descriptor": "Collectif transpartisan d'élus",
                "logo": None,
            },
            {
                "name": "Empreintes Citoyennes",
                "descriptor": "Association qui œuvre en faveur de la citoyenneté",
                "logo": None,
            },
        ]
    }
    press_contacts = {
        "title": "Contacts presse",
        "contacts": contacts,
        "inline_contacts": [],
    }
    release = _create_release(
        index,
        "une-impulsion-amplifiee",
        ["Partenariats", "Démocratie participative"],
        ["empreintes-citoyennes", "consultvox"],
        title="Une impulsion amplifiée",
        dateline_place="Lille",
        release_date=WRONG_SEED_DATE,  # corrected below: the demo of a correction
        standfirst="Un partenariat supplémentaire et inédit pour renforcer la participation "
        "citoyenne dans nos communes",
        search_description="Le collectif « La participation citoyenne, cœur de nos communes » "
        "noue un partenariat avec l'association Empreintes Citoyennes.",
        body=[
            ("organisation_band", band),
            *(("paragraph", html) for html in SEED_PARAGRAPHS),
            ("press_contacts", press_contacts),
        ],
        media_items=_seed_media(),
    )
    if release.release_date == WRONG_SEED_DATE and not release.change_history:
        note = "La date du communiqué était erronée : 23 novembre 2023, et non 22 novembre."
        _correct(release, note, release_date=datetime.date(2023, 11, 23))
    return release


def _seed_media():
    items = []
    for position, media in enumerate(SEED_MEDIA):
        title, text, alt, caption, credit, licence, kind, colour, size, image_format = media
        image = placeholder_image(title, text, alt, colour, size, image_format)
        image.get_renditions(*THUMBNAIL_RENDITIONS)  # made once here, not at each first view
        items.append(
            PressReleaseMedia(
                image=image,
                caption=caption,
                credit=credit,
                licence=licence,
                kind=kind,
                sort_order=position,
            )
        )
    return items


def _example_release(index, slug, date, title, standfirst, topics, partner_slugs, colour):
    image = None
    if colour:
        image = placeholder_image(
            f"Illustration {slug} (démo)",
            title.removeprefix("Exemple : ").capitalize(),
            f"Illustration de démonstration : {title}",
            background=colour,
            size=(960, 540),
        )
    return _create_release(
        index,
        slug,
        topics,
        partner_slugs,
        title=title,
        kicker="Exemple",
        dateline_place="Lille",
        release_date=date,
        standfirst=standfirst,
        lead_image=image,
        search_description=f"{standfirst} (Communiqué fictif de démonstration.)",
        body=[
            ("paragraph", EXAMPLE_NOTE),
            (
                "paragraph",
                f"<p>{standfirst} Les noms, chiffres et dates de ce texte servent uniquement "
                "à montrer la mise en page d'un communiqué, ses filtres et ses flux.</p>",
            ),
        ],
    )


def _press_invitation(index, contact):
    """An upcoming « point presse », two weeks after the demo is loaded, at 10:00 in Lille."""
    today = timezone.localdate()
    start = timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=14), datetime.time(10))
    )
    return _create_release(
        index,
        "exemple-point-presse-recensement",
        ["Bonnes pratiques", "Diagnostic"],
        [],
        title="Exemple : point presse sur le recensement des bonnes pratiques",
        kicker="Exemple",
        dateline_place="Lille",
        release_date=today,
        standfirst="Les élus du collectif présentent à la presse les premières pratiques "
        "recensées dans les communes du Nord.",
        search_description="Invitation presse fictive de démonstration.",
        invitation_kind=InvitationKind.PRESS_POINT,
        event_start=start,
        event_end=start + datetime.timedelta(hours=1),
        event_place="Hôtel de ville de Lille, salon d'honneur",
        event_address="Place Augustin-Laurent\n59000 Lille",
        accreditation_contact=contact,
        body=[("paragraph", EXAMPLE_NOTE)],
    )

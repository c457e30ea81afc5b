"""Generate the benchmark dataset in a few minutes, in its own database.

5,000 releases over 20 years, 10,000 practices over 648 communes (placed on the map, in 18
intercommunalités, as with the Nord's reference list), 50 partners, 300 press contacts, 10,000
subscribers, and the demo's reports section and home page calls to action. Pages are
inserted in bulk: treebeard paths, depths and Wagtail url_paths are computed here
(`Page._get_path`), base rows go through `bulk_create` and the specific rows of each page type
through one multi-row INSERT per batch, without signals; the search index is then rebuilt once
(`update_index`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coeur_bench \\
        .venv/bin/python benchmarks/generate_dataset.py
"""

import datetime
import io
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.images import ImageFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.images import get_image_model  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

import home.demo  # noqa: E402
import practices.reports.demo  # noqa: E402
from cms.demo import get_or_create_page, home_page  # noqa: E402
from partners.models import PartnerIndexPage, PartnerKind, PartnerPage  # noqa: E402
from practices import vocabularies as vocab  # noqa: E402
from practices.models import (  # noqa: E402
    Commune,
    DeviceTypeTerm,
    PracticeIndexPage,
    PracticePage,
    ThemeTerm,
)
from press.mailing.models import Subscriber  # noqa: E402
from press.models import (  # noqa: E402
    PressContact,
    PressIndexPage,
    PressReleasePage,
    PressReleasePartner,
    PressReleaseTopic,
    PressSettings,
)

SIZES = {
    "releases": 5_000,
    "years": 20,
    "practices": 10_000,
    "communes": 648,
    "partners": 50,
    "contacts": 300,
    "subscribers": 10_000,
}
BATCH = 1_000
TOPICS = [
    "Démocratie participative",
    "Budget participatif",
    "Jeunesse",
    "Partenariat",
    "Recensement",
    "Formation des élus",
    "Conseils de quartier",
    "Numérique",
    "Environnement",
    "Ruralité",
    "Évaluation",
    "Agenda",
]
WORDS = [
    "commune",
    "citoyens",
    "élus",
    "participation",
    "conseil",
    "quartier",
    "budget",
    "projet",
    "habitants",
    "atelier",
    "consultation",
    "jeunesse",
    "démocratie",
    "collectif",
    "territoire",
    "réunion",
    "proposition",
    "vote",
]
rng = random.Random(20231123)


def sentence(words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph(sentences=4):
    return ("paragraph", RichText("<p>" + " ".join(sentence() for _ in range(sentences)) + "</p>"))


def make_image(title, color):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), color).save(buffer, "JPEG", quality=80)
    return get_image_model().objects.create(
        title=title,
        description=f"Illustration : {title}",
        file=ImageFile(buffer, name=f"bench-{title.lower().replace(' ', '-')}.jpg"),
    )


def bulk_pages(parent, model, rows):
    """Insert live pages of `model` under `parent`; rows: dicts with title, slug, published."""
    parent = Page.objects.get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    depth = parent.depth + 1
    pages = []
    for step, row in enumerate(rows, start=parent.numchild + 1):
        published = row.pop("published")
        pages.append(
            Page(
                path=Page._get_path(parent.path, depth, step),
                depth=depth,
                numchild=0,
                title=row["title"],
                draft_title=row["title"],
                slug=row.pop("slug"),
                url_path="",
                content_type=content_type,
                locale_id=parent.locale_id,
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
            )
        )
        pages[-1].url_path = f"{parent.url_path}{pages[-1].slug}/"
    Page.objects.bulk_create(pages, batch_size=BATCH)
    specific = [model(page_ptr_id=page.pk, **row) for page, row in zip(pages, rows, strict=True)]
    fields = model._meta.local_concrete_fields
    for start in range(0, len(specific), BATCH):
        model._base_manager._insert(specific[start : start + BATCH], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    return [page.pk for page in pages]


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def generate():
    home.demo.load()
    site_home = home_page()
    press_index = get_or_create_page(site_home, PressIndexPage, "presse", title="Espace presse")
    partner_index = get_or_create_page(
        site_home, PartnerIndexPage, "partenaires", title="Partenaires"
    )
    practice_index = get_or_create_page(
        site_home, PracticeIndexPage, "bonnes-pratiques", title="Bonnes pratiques"
    )
    images = [make_image(f"Image {n}", (30 * n % 255, 90, 140)) for n in range(20)]

    contacts = PressContact.objects.bulk_create(
        PressContact(
            name=f"Contact {n}",
            role="Chargée de communication",
            organisation=f"Commune {n}",
            email=f"contact{n}@example.org",
            phone="03 20 00 00 00",
        )
        for n in range(SIZES["contacts"])
    )
    # As on any press site (and the demo): releases without contacts of their own show these.
    PressSettings.for_site(site_home.get_site()).default_press_contacts.set(contacts[:2])
    partner_ids = bulk_pages(
        partner_index,
        PartnerPage,
        [
            {
                "title": f"Partenaire {n}",
                "slug": f"partenaire-{n}",
                "published": timezone.now(),
                "kind": list(PartnerKind)[n % len(PartnerKind)],
                "descriptor": "Association qui œuvre en faveur de la citoyenneté",
                "summary": sentence(30),
                "body": [paragraph(), paragraph()],
                "logo": images[n % 10],
                "partner_since": datetime.date(2015, 1, 1) + datetime.timedelta(days=40 * n),
                "contact": contacts[n],
            }
            for n in range(SIZES["partners"])
        ],
    )

    def contacts_block(n):
        """As in the demo's release: one release in three names its own press contacts."""
        if n % 3:
            return []
        chosen = [contacts[n % 100], contacts[100 + n % 200]]
        return [("press_contacts", {"title": "Contacts presse", "contacts": chosen})]

    first_day = datetime.date.today() - datetime.timedelta(days=365 * SIZES["years"])
    spacing = 365 * SIZES["years"] / SIZES["releases"]
    release_ids = bulk_pages(
        press_index,
        PressReleasePage,
        [
            {
                "title": f"Communiqué {n} : {sentence(6)}",
                "slug": f"communique-{n}",
                "published": moment(first_day + datetime.timedelta(days=int(n * spacing))),
                "release_date": first_day + datetime.timedelta(days=int(n * spacing)),
                "dateline_place": "Lille",
                "kicker": rng.choice(["", "Partenariat", "Agenda"]),
                "standfirst": sentence(30),
                "lead_image": images[10 + n % 10],
                "body": [paragraph(), paragraph(), paragraph(), *contacts_block(n)],
            }
            for n in range(SIZES["releases"])
        ],
    )
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TOPICS]
    PressReleaseTopic.objects.bulk_create(
        (
            PressReleaseTopic(content_object_id=page_id, tag=tag)
            for page_id in release_ids
            for tag in rng.sample(tags, 2)
        ),
        batch_size=BATCH,
    )
    PressReleasePartner.objects.bulk_create(
        (
            PressReleasePartner(page_id=page_id, partner_id=partner_id, sort_order=order)
            for page_id in release_ids
            for order, partner_id in enumerate(rng.sample(partner_ids, rng.randint(0, 2)))
        ),
        batch_size=BATCH,
    )

    # As the reference list of the Nord: coordinates (the catalogue's map), 18 intercommunalités
    # (its EPCI facet); saved one by one for the fields `save()` derives (population band…).
    communes = []
    for n in range(SIZES["communes"]):
        commune = Commune(
            insee_code=f"59{n:03d}",
            name=f"Commune {n}",
            postcodes=f"59{n % 1000:03d}",
            population=rng.randint(150, 230_000),
            population_year=2021,
            epci_name=f"Intercommunalité {n % 18}",
            latitude=Decimal(f"{rng.uniform(50.0, 51.08):.6f}"),
            longitude=Decimal(f"{rng.uniform(2.1, 4.2):.6f}"),
        )
        commune.save()
        communes.append(commune)
    DeviceTypeTerm.sync()
    ThemeTerm.sync()
    device_types = list(DeviceTypeTerm.objects.values_list("pk", flat=True))
    themes = list(ThemeTerm.objects.values_list("pk", flat=True))
    practice_ids = bulk_pages(
        practice_index,
        PracticePage,
        [
            {
                "title": f"Pratique {n} : {sentence(5)}",
                "slug": f"pratique-{n}",
                "published": timezone.now(),
                "summary": sentence(30),
                # Three in four with a photo, as in the demo catalogue: the cards show them.
                "lead_image": images[n % 20] if n % 4 else None,
                "commune": communes[n % len(communes)],
                "nature": rng.choice(list(vocab.Nature)),
                "participation_level": rng.choice(list(vocab.ParticipationLevel)),
                "start_date": datetime.date(2006, 1, 1) + datetime.timedelta(days=n % 7000),
                "participants": rng.randint(10, 2000),
                "budget": rng.choice([None, rng.randint(1000, 500_000)]),
                "context": [paragraph()],
                "how_it_works": [paragraph()],
            }
            for n in range(SIZES["practices"])
        ],
    )
    for field_name, choices, count in (
        ("device_types", device_types, 1),
        ("themes", themes, 2),
        ("partners", partner_ids, 1),
    ):
        field = PracticePage._meta.get_field(field_name)
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        through.objects.bulk_create(
            (
                through(**{f"{source}_id": page_id, f"{target}_id": choice})
                for page_id in practice_ids
                for choice in rng.sample(choices, count)
            ),
            batch_size=BATCH,
        )

    # As in the demo: the reports' section (the press room and the home page show the latest
    # report) and the home page's calls to action.
    practices.reports.demo.load()
    home.demo.link_sections()

    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"journaliste{n}@example.org",
                name=f"Journaliste {n}",
                outlet=f"Média {n % 400}",
                status=Subscriber.Status.ACTIVE,
                confirmed_at=timezone.now(),
            )
            for n in range(SIZES["subscribers"])
        ),
        batch_size=BATCH,
    )


def main():
    if Page.objects.filter(depth__gt=2).count() > 1_000:
        print("The dataset is already there (drop the database to regenerate it).")
        return
    started = time.monotonic()
    with transaction.atomic():
        generate()
    generated = time.monotonic()
    call_command("update_index", verbosity=0)
    # As autovacuum would leave the tables after the bulk inserts and the index rebuild (it may
    # be off, as on CI machines): without dead rows, with fresh planner statistics.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"Dataset: {Page.objects.count()} pages in {generated - started:.0f} s, "
        f"search index in {time.monotonic() - generated:.0f} s."
    )


if __name__ == "__main__":
    main()

"""Factories of the practice catalogue, and a bulk path that builds thousands of pages fast."""

import datetime
import itertools
import uuid

import factory
import wagtail_factories
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cms.text import fold
from practices import vocabularies as vocab
from practices.models import Commune, PracticeIndexPage, PracticePage

DeviceLink = PracticePage.device_types.through
ThemeLink = PracticePage.themes.through


class CommuneFactory(factory.django.DjangoModelFactory):
    insee_code = factory.Sequence(lambda n: f"59{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune-test-{n}")
    postcodes = "59000"
    population = 12_000
    population_year = 2021
    epci_name = "Métropole Européenne de Lille"
    latitude = "50.630000"
    longitude = "3.060000"

    class Meta:
        model = Commune
        django_get_or_create = ("insee_code",)


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Bonnes pratiques"
    slug = "bonnes-pratiques"
    intro = "Le recensement des bonnes pratiques."

    class Meta:
        model = PracticeIndexPage


class PracticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pratique {n}")
    summary = "Les habitants proposent et votent des projets."
    commune = factory.SubFactory(CommuneFactory)
    status = vocab.Status.ONGOING
    participation_level = vocab.ParticipationLevel.CONSULTATION
    start_date = datetime.date(2022, 3, 1)
    participants = 120
    budget = 24_000

    class Meta:
        model = PracticePage
        skip_postgeneration_save = True

    @factory.post_generation
    def device_types(self, create, extracted, **kwargs):
        """`device_types=["budget-participatif"]` (slugs); one device type by default."""
        self.device_types = list(
            PracticePage.device_types.rel.model.objects.filter(
                pk__in=extracted or [vocab.DeviceType.PARTICIPATORY_BUDGET]
            )
        )
        if create:
            self.save()

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes = list(PracticePage.themes.rel.model.objects.filter(pk__in=extracted))
            if create:
                self.save()

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        """`partners=[partner_page, …]`."""
        if extracted:
            self.partners = list(extracted)
            if create:
                self.save()


def bulk_create_practices(index, count, communes, batch_size=250):
    """Create `count` live practices under `index` without the per-page ORM round trips.

    Tree paths are computed as treebeard would; base and specific rows are inserted in batches,
    device types and themes cycle through the vocabularies. Returns the practices' ids.
    """
    index = Page.objects.get(pk=index.pk)
    content_type = ContentType.objects.get_for_model(PracticePage)
    now = timezone.now()
    devices = itertools.cycle(vocab.DeviceType.values)
    themes = itertools.cycle(vocab.Theme.values)
    statuses = itertools.cycle(vocab.Status.values)
    levels = itertools.cycle(vocab.ParticipationLevel.values)
    communes = itertools.cycle(communes)
    specific_fields = PracticePage._meta.local_concrete_fields
    ids = []
    for start in range(0, count, batch_size):
        size = min(batch_size, count - start)
        bases, specifics = [], []
        for offset in range(size):
            number = index.numchild + start + offset + 1
            slug = f"pratique-en-masse-{number}"
            title = f"Pratique en masse {number}"
            bases.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    path=Page._get_path(index.path, index.depth + 1, number),
                    depth=index.depth + 1,
                    numchild=0,
                    url_path=f"{index.url_path}{slug}/",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=index.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
        Page.objects.bulk_create(bases)
        for offset, base in enumerate(bases):
            commune = next(communes)
            practice = PracticePage(
                page_ptr_id=base.pk,
                summary="Une pratique créée en masse pour les tests de performance.",
                commune=commune,
                status=next(statuses),
                participation_level=next(levels),
                start_date=datetime.date(2015 + (start + offset) % 10, 1 + offset % 12, 1),
                participants=100 + offset,
                budget=1_000 * (1 + offset % 50),
                search_text=fold(f"{base.title} {commune.name} {commune.epci_name}"),
            )
            specifics.append(practice)
        PracticePage._base_manager._insert(specifics, fields=specific_fields, using="default")
        DeviceLink.objects.bulk_create(
            DeviceLink(practicepage_id=base.pk, devicetypeterm_id=next(devices)) for base in bases
        )
        ThemeLink.objects.bulk_create(
            ThemeLink(practicepage_id=base.pk, themeterm_id=next(themes)) for base in bases
        )
        ids.extend(base.pk for base in bases)
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    return ids

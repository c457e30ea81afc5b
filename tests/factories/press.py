import datetime

import factory
import wagtail_factories
from django.utils import timezone

from press.models import PressIndexPage, PressReleasePage, PressReleasePartner


def _noon(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12)))


class PressIndexPageFactory(wagtail_factories.PageFactory):
    title = "Espace presse"
    slug = "presse"
    intro = "Les communiqués du collectif."

    class Meta:
        model = PressIndexPage


class PressReleasePageFactory(wagtail_factories.PageFactory):
    """A live release published at noon on its release date; `topics` and `partners` lists."""

    title = factory.Sequence(lambda n: f"Communiqué numéro {n}")
    slug = factory.Sequence(lambda n: f"communique-{n}")
    release_date = factory.Sequence(lambda n: datetime.date(2023, 1, 1) + datetime.timedelta(n))
    standfirst = factory.LazyAttribute(lambda release: f"Chapô de « {release.title} ».")
    dateline_place = "Lille"
    body = factory.LazyAttribute(
        lambda release: [("paragraph", f"<p>Premier paragraphe de {release.title}.</p>")]
    )
    first_published_at = factory.LazyAttribute(lambda release: _noon(release.release_date))
    last_published_at = factory.LazyAttribute(lambda release: release.first_published_at)

    class Meta:
        model = PressReleasePage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(release, create, extracted, **kwargs):
        if extracted:
            release.topics.add(*extracted)
            release.save()

    @factory.post_generation
    def partners(release, create, extracted, **kwargs):
        for position, partner in enumerate(extracted or []):
            PressReleasePartner.objects.create(page=release, partner=partner, sort_order=position)

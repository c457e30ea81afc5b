import datetime

import factory
import wagtail_factories

from partners.models import PartnerContribution, PartnerIndexPage, PartnerKind, PartnerPage


class LogoFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Logo {n}")
    description = factory.LazyAttribute(lambda image: f"Logo de {image.title}")
    file = factory.django.ImageField(width=120, height=40, color="#123f7a")


class PartnerIndexPageFactory(wagtail_factories.PageFactory):
    title = "Partenaires"
    slug = "partenaires"
    intro = "Les partenaires du collectif."

    class Meta:
        model = PartnerIndexPage


class PartnerPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = PartnerKind.ASSOCIATION
    descriptor = "Association qui œuvre en faveur de la citoyenneté"
    summary = "Un partenaire du collectif."
    partner_since = factory.Sequence(lambda n: datetime.date(2023, 1, 1) + datetime.timedelta(n))
    scope = "renfort technique"
    website = factory.Sequence(lambda n: f"https://partenaire{n}.example.org/")
    logo = factory.SubFactory(LogoFactory)

    class Meta:
        model = PartnerPage


class PartnerContributionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(PartnerPageFactory)
    title = factory.Sequence(lambda n: f"Contribution {n}")
    url = factory.Sequence(lambda n: f"https://participation.example.org/contributions/{n}/")
    date = datetime.date(2023, 10, 1)

    class Meta:
        model = PartnerContribution

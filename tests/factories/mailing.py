import factory
from django.utils import timezone

from press.mailing.forms import CONSENT_TEXT
from press.mailing.models import Delivery, Mailing, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"journaliste{n}@media.example")
    name = factory.Sequence(lambda n: f"Journaliste {n}")
    outlet = "La Voix du Nord"
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)
    consent_text = factory.LazyFunction(lambda: str(CONSENT_TEXT))
    source_url = "http://testserver/liste-presse/abonnement/"

    class Meta:
        model = Subscriber


class PendingSubscriberFactory(SubscriberFactory):
    status = Subscriber.Status.PENDING
    confirmed_at = None


class MailingFactory(factory.django.DjangoModelFactory):
    subject = "Les budgets participatifs progressent dans le Nord"
    status = Mailing.Status.SENT

    class Meta:
        model = Mailing


class DeliveryFactory(factory.django.DjangoModelFactory):
    mailing = factory.SubFactory(MailingFactory)
    subscriber = factory.SubFactory(SubscriberFactory)
    status = Delivery.Status.SENT
    message_id = factory.Sequence(lambda n: f"<20261123.{n}@smtp-relay.mailin.fr>")
    sent_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Delivery

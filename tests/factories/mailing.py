import factory
from django.utils import timezone

from press.mailing.forms import CONSENT_TEXT
from press.mailing.models import Subscriber


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

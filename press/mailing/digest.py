"""The weekly digest: one email per « résumé hebdomadaire » subscriber, listing the releases of
the past week that match their topics and that they have not received otherwise. A week without
release sends nothing; the digest of a week is created once (database constraint)."""

import datetime

from anymail.message import AnymailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.templatetags.cms_tags import french_date
from cms.text import one_line
from press.mailing.message import (
    PREFERENCES_PLACEHOLDER,
    UNSUBSCRIBE_PLACEHOLDER,
    personal_links,
    personalise,
    unsubscribe_headers,
)
from press.mailing.models import Delivery, Mailing, Subscriber
from press.models import PressReleasePage, PressReleaseTopic

WEEK = datetime.timedelta(days=7)


def last_week(today=None):
    """The Monday of the week before `today` (the digest sent on a Monday covers that week)."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=today.weekday()) - WEEK


def week_releases(period):
    """The releases made public during the week starting on `period`, oldest first."""
    start = timezone.make_aware(datetime.datetime.combine(period, datetime.time()))
    return (
        PressReleasePage.objects.live()
        .public()
        .filter(alert_subscribers=True, first_published_at__gte=start)
        .filter(first_published_at__lt=start + WEEK)
        .order_by("first_published_at", "pk")
    )


def start_digest(period):
    """The digest mailing of the week (created once), or None for a week without releases."""
    if not week_releases(period).exists():
        return None
    subject = _("Nos communiqués de la semaine du %(date)s") % {"date": french_date(period)}
    try:
        with transaction.atomic():
            return Mailing.objects.create(kind=Mailing.Kind.DIGEST, period=period, subject=subject)
    except IntegrityError:
        return Mailing.objects.get(kind=Mailing.Kind.DIGEST, period=period)


class DigestEmail:
    """Bodies rendered once per distinct list of releases; links personal to each recipient."""

    def __init__(self, mailing):
        self.mailing = mailing
        self.releases = list(week_releases(mailing.period))
        topics = PressReleaseTopic.objects.filter(content_object__in=self.releases)
        self.release_topics = {release.pk: set() for release in self.releases}
        for release_id, tag_id in topics.values_list("content_object_id", "tag_id"):
            self.release_topics[release_id].add(tag_id)
        site = Site.objects.filter(is_default_site=True).first()
        self.base_url = site.root_url if site else ""
        self.bodies = {}

    def prepare(self, deliveries):
        """Each recipient's topics and the releases they already have, for the whole batch."""
        ids = [delivery.subscriber_id for delivery in deliveries]
        self.topics = {pk: set() for pk in ids}
        through = Subscriber.topics.through.objects.filter(subscriber_id__in=ids)
        for subscriber_id, tag_id in through.values_list("subscriber_id", "tag_id"):
            self.topics[subscriber_id].add(tag_id)
        self.received = set(
            Delivery.objects.filter(
                subscriber_id__in=ids, release__in=self.releases, correction=False
            )
            .exclude(status__in=Delivery.NOT_SENT)
            .values_list("subscriber_id", "release_id")
        )

    def releases_for(self, subscriber):
        topics = self.topics[subscriber.pk]
        return [
            release
            for release in self.releases
            if (not topics or topics & self.release_topics[release.pk])
            and (subscriber.pk, release.pk) not in self.received
        ]

    def _bodies(self, releases):
        key = tuple(release.pk for release in releases)
        if key not in self.bodies:
            context = {
                "releases": releases,
                "period": self.mailing.period,
                "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
                "preferences_url": PREFERENCES_PLACEHOLDER,
            }
            self.bodies[key] = (
                render_to_string("mailing/email/digest.txt", context),
                render_to_string("mailing/email/digest.html", context),
            )
        return self.bodies[key]

    def message_for(self, delivery):
        """None when nothing of the week is left for this recipient."""
        releases = self.releases_for(delivery.subscriber)
        if not releases:
            return None
        text, html = self._bodies(releases)
        links = personal_links(self.base_url, delivery.subscriber)
        message = AnymailMessage(
            subject=one_line(self.mailing.subject),
            body=personalise(text, links),
            to=[delivery.subscriber.email],
        )
        message.attach_alternative(personalise(html, links), "text/html")
        message.extra_headers.update(unsubscribe_headers(links[UNSUBSCRIBE_PLACEHOLDER]))
        message.metadata = {"mailing": self.mailing.pk, "delivery": delivery.pk}
        message.tags = ["resume-hebdomadaire"]
        return message

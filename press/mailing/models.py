from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Subscriber(models.Model):
    """A journalist who asked for the releases; receives them only once confirmed (opt-in)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de confirmation")
        ACTIVE = "active", _("abonné")
        UNSUBSCRIBED = "unsubscribed", _("désabonné")
        BOUNCED = "bounced", _("adresse en échec")
        COMPLAINED = "complained", _("signalé comme indésirable")

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("dès la publication")
        WEEKLY = "weekly", _("résumé hebdomadaire")

    email = models.EmailField(_("courriel"), unique=True)
    name = models.CharField(_("nom"), max_length=150)
    outlet = models.CharField(_("média"), max_length=200)
    topics = models.ManyToManyField(
        "taggit.Tag",
        verbose_name=_("thèmes"),
        blank=True,
        related_name="mailing_subscribers",
        help_text=_("Aucun thème : tous les communiqués."),
    )
    frequency = models.CharField(
        _("fréquence"), max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_at = models.DateTimeField(_("demande d'abonnement"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("consentement confirmé le"), null=True, blank=True)
    consent_text = models.TextField(_("texte du consentement"), blank=True)
    source_url = models.CharField(_("page d'inscription"), max_length=500, blank=True)
    # CNIL: the opens and clicks of a person are recorded only with their consent; without it
    # they only add to the mailing's totals.
    tracking_consent = models.BooleanField(
        _("accepte la mesure individuelle des ouvertures et des clics"), default=False
    )
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        ordering = ["email"]
        permissions = [("export_subscribers", _("Peut exporter la liste des abonnés"))]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()  # one row per address, whatever its case
        super().save(*args, **kwargs)

    @property
    def topic_names(self):
        return ", ".join(sorted(topic.name for topic in self.topics.all()))

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    def confirm(self):
        if self.status != self.Status.ACTIVE:
            self.status = self.Status.ACTIVE
            self.confirmed_at = timezone.now()
            self.unsubscribed_at = None
            self.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])

    def unsubscribe(self):
        """Immediate and idempotent: a second call changes nothing."""
        Subscriber.objects.filter(pk=self.pk).exclude(
            status__in=[self.Status.UNSUBSCRIBED, self.Status.BOUNCED, self.Status.COMPLAINED]
        ).update(status=self.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        self.refresh_from_db(fields=["status", "unsubscribed_at"])

    @transaction.atomic
    def erase(self):
        """RGPD erasure: the person is deleted; their deliveries stay, anonymised (counts)."""
        self.delete()


class BriefingRecipient(models.Model):
    """A journalist given a personal link to a scheduled release before its embargo lifts
    (press.mailing.briefings): a confirmed subscriber picked from the list, or an address typed in,
    which never joins the list."""

    release = models.ForeignKey(
        "press.PressReleasePage",
        verbose_name=_("communiqué"),
        on_delete=models.CASCADE,
        related_name="briefing_recipients",
    )
    # "" once erased (RGPD, `briefings.erase_typed_in_addresses`): the counts stay.
    email = models.EmailField(_("courriel"), blank=True)
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,  # RGPD erasure of the subscriber erases their link too
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ajouté par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    first_opened_at = models.DateTimeField(_("ouvert pour la première fois le"), null=True)
    last_opened_at = models.DateTimeField(_("ouvert pour la dernière fois le"), null=True)
    open_count = models.PositiveIntegerField(_("ouvertures"), default=0)

    class Meta:
        verbose_name = _("destinataire d'un briefing sous embargo")
        verbose_name_plural = _("destinataires des briefings sous embargo")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "email"],
                condition=~Q(email=""),
                name="mailing_briefing_once_per_address",
            )
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()  # one link per address, whatever its case
        super().save(*args, **kwargs)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_erased(self):
        return not self.email

    @property
    def last_delivery(self):
        """The latest email of the link (`deliveries` prefetched), or None."""
        deliveries = list(self.deliveries.all())
        return deliveries[-1] if deliveries else None

    def record_opening(self):
        now = timezone.now()
        BriefingRecipient.objects.filter(pk=self.pk).update(
            first_opened_at=Coalesce("first_opened_at", Value(now)),
            last_opened_at=now,
            open_count=F("open_count") + 1,
        )


class MailingQuerySet(models.QuerySet):
    def with_counts(self):
        """Per-mailing counts in the same query (no query per row in the admin listings)."""
        status = Delivery.Status
        return self.annotate(
            count_queued=_count(Q(deliveries__status=status.QUEUED)),
            count_sent=_count(Q(deliveries__sent_at__isnull=False)),
            count_uncertain=_count(Q(deliveries__status__in=[status.SENDING, status.UNCERTAIN])),
            count_delivered=_count(Q(deliveries__delivered_at__isnull=False)),
            # People who consented, counted once each, plus everyone else's opens in total.
            count_opened=_count(Q(deliveries__opened_at__isnull=False)) + F("anonymous_opens"),
            count_clicked=_count(Q(deliveries__status=status.CLICKED)) + F("anonymous_clicks"),
            count_bounced=_count(Q(deliveries__status=status.BOUNCED)),
            count_complained=_count(Q(deliveries__status=status.COMPLAINED)),
            count_failed=_count(Q(deliveries__status__in=Delivery.FAILURES)),
            count_cancelled=_count(Q(deliveries__status=status.CANCELLED)),
        )


COUNT_LABELS = {
    "count_queued": _("en file"),
    "count_sent": _("envoyés"),
    "count_uncertain": _("à vérifier"),
    "count_delivered": _("remis"),
    "count_opened": _("ouverts"),
    "count_clicked": _("liens suivis"),
    "count_bounced": _("en échec"),
    "count_complained": _("signalés"),
    "count_failed": _("échecs d'envoi"),
    "count_cancelled": _("annulés"),
}


def _count(condition):
    return models.Count("deliveries", filter=condition)


class Mailing(models.Model):
    """One release sent to the confirmed subscribers (optionally a segment of topics)."""

    class Kind(models.TextChoices):
        RELEASE = "release", _("communiqué")
        ALERT = "alert", _("alerte à la publication")
        CORRECTION = "correction", _("renvoi corrigé")
        DIGEST = "digest", _("résumé hebdomadaire")
        BRIEFING = "briefing", _("briefing sous embargo")

    class Status(models.TextChoices):
        WAITING = "waiting", _("attend la levée de l'embargo")
        QUEUED = "queued", _("en file d'attente")
        SENDING = "sending", _("envoi en cours")
        SENT = "sent", _("envoyé")
        PARTIAL = "partial", _("partiel")

    OPEN = [Status.WAITING, Status.QUEUED, Status.SENDING]

    release = models.ForeignKey(
        "press.PressReleasePage",
        verbose_name=_("communiqué"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
    )
    kind = models.CharField(
        _("type d'envoi"), max_length=20, choices=Kind.choices, default=Kind.RELEASE
    )
    # The corrected version (« renvoi corrigé »): one correction mailing per published revision.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A weekly digest: the Monday of the week it covers.
    period = models.DateField(_("semaine du"), null=True, blank=True)
    subject = models.CharField(_("objet"), max_length=255)
    topics = models.ManyToManyField(
        "taggit.Tag",
        verbose_name=_("thèmes ciblés"),
        blank=True,
        related_name="+",
        help_text=_("Aucun : tous les abonnés confirmés."),
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    send_at_embargo = models.BooleanField(_("envoi à la levée de l'embargo"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    # Opens and clicks of the recipients who did not consent to individual measurement.
    anonymous_opens = models.PositiveIntegerField(_("ouvertures non nominatives"), default=0)
    anonymous_clicks = models.PositiveIntegerField(_("clics non nominatifs"), default=0)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = MailingQuerySet.as_manager()

    class Meta:
        verbose_name = _("envoi aux journalistes")
        verbose_name_plural = _("envois aux journalistes")
        ordering = ["-created_at"]
        constraints = [
            # The send action is idempotent: a double click, two tabs or a retried POST meet
            # this constraint instead of starting a second mailing of the release. (Each
            # briefing mailing sends the links not sent yet: its deliveries' constraint below
            # keeps two of them from sending one link twice.)
            models.UniqueConstraint(
                fields=["release", "kind"],
                condition=Q(status__in=["waiting", "queued", "sending"]) & ~Q(kind="briefing"),
                name="mailing_one_open_mailing_per_release",
            ),
            models.UniqueConstraint(
                fields=["release", "revision"],
                condition=Q(kind="correction"),
                name="mailing_one_correction_per_revision",
            ),
            models.UniqueConstraint(
                fields=["release"], condition=Q(kind="alert"), name="mailing_one_alert_per_release"
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(kind="digest"), name="mailing_one_digest_per_week"
            ),
        ]

    def __str__(self):
        return self.subject

    @property
    def counts_summary(self):
        counts = Mailing.objects.with_counts().filter(pk=self.pk).values(*COUNT_LABELS).get()
        return " · ".join(f"{label} : {counts[key]}" for key, label in COUNT_LABELS.items())


class Delivery(models.Model):
    """One email of a mailing to one subscriber: written before the send, at most one per pair."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en file d'attente")
        SENDING = "sending", _("envoi en cours")
        SENT = "sent", _("envoyé")
        DEFERRED = "deferred", _("différé")
        DELIVERED = "delivered", _("remis")
        OPENED = "opened", _("ouvert")
        CLICKED = "clicked", _("lien suivi")
        BOUNCED = "bounced", _("rejeté (adresse en échec)")
        REJECTED = "rejected", _("refusé par le prestataire")
        FAILED = "failed", _("échec")
        COMPLAINED = "complained", _("signalé comme indésirable")
        UNCERTAIN = "uncertain", _("à vérifier (peut-être envoyé)")
        CANCELLED = "cancelled", _("annulé")  # why: in `error`

    # Out-of-order tracking events never move a delivery backwards: higher rank wins.
    RANK = {
        Status.QUEUED: 0,
        Status.SENDING: 1,
        Status.UNCERTAIN: 1,
        Status.CANCELLED: 1,
        Status.SENT: 2,
        Status.DEFERRED: 3,
        Status.DELIVERED: 4,
        Status.OPENED: 5,
        Status.CLICKED: 6,
        Status.REJECTED: 7,
        Status.FAILED: 7,
        Status.BOUNCED: 7,
        Status.COMPLAINED: 8,
    }
    FAILURES = [Status.FAILED, Status.REJECTED]
    # Certainly not received: another mailing of the release may send it to that person.
    NOT_SENT = [Status.CANCELLED, Status.FAILED, Status.REJECTED]
    # Why a delivery was cancelled (its `error`).
    GONE = "désabonné ou lien révoqué entre-temps"
    NOTHING_NEW = "rien de nouveau pour ce destinataire"
    EMBARGO_LIFTED = "embargo levé avant l'envoi"

    mailing = models.ForeignKey(
        Mailing, verbose_name=_("envoi"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # The mailing's release and kind, copied so that the database itself refuses a second
    # delivery of a release to a person (constraint below), across all its mailings.
    release = models.ForeignKey(
        "press.PressReleasePage",
        verbose_name=_("communiqué"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    correction = models.BooleanField(_("renvoi corrigé"), default=False)
    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("abonné"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # RGPD erasure: the delivery stays, anonymised
        related_name="deliveries",
    )
    # A briefing's email goes to its recipient (press.mailing.briefings), maybe no subscriber.
    briefing_recipient = models.ForeignKey(
        BriefingRecipient,
        verbose_name=_("destinataire du briefing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    message_id = models.CharField(_("identifiant chez le prestataire"), max_length=255, blank=True)
    error = models.CharField(_("dernière erreur"), max_length=255, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("remis le"), null=True, blank=True)
    opened_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("remise")
        verbose_name_plural = _("remises")
        ordering = ["mailing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "subscriber"], name="mailing_delivery_once_per_subscriber"
            ),
            # Exactly once per (release, subscriber), whatever the mailing, except for an
            # explicit « renvoi corrigé »; a delivery that certainly failed does not count.
            models.UniqueConstraint(
                fields=["release", "subscriber"],
                condition=Q(correction=False) & ~Q(status__in=["cancelled", "failed", "rejected"]),
                name="mailing_delivery_once_per_release",
            ),
            # A briefing link is emailed once, whatever the mailing.
            models.UniqueConstraint(
                fields=["briefing_recipient"],
                condition=~Q(status__in=["cancelled", "failed", "rejected"]),
                name="mailing_delivery_once_per_briefing_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["mailing", "status"], name="mailing_delivery_status"),
            models.Index(fields=["message_id"], name="mailing_delivery_message_id"),
        ]

    def __str__(self):
        return f"{self.mailing} → {self.recipient_email or _('abonné effacé')}"

    @property
    def recipient_email(self):
        """The subscriber's address, or the briefing recipient's; "" once erased."""
        recipient = self.subscriber or self.briefing_recipient
        return recipient.email if recipient else ""


class DeliveryEvent(models.Model):
    """A tracking event from the ESP; the same event posted twice is stored once."""

    delivery = models.ForeignKey(
        Delivery,
        verbose_name=_("remise"),
        null=True,  # an open or a click of a person who did not consent: counted, not linked
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    esp_name = models.CharField(_("prestataire"), max_length=50)
    event_id = models.CharField(_("identifiant de l'événement"), max_length=255)
    event_type = models.CharField(_("événement"), max_length=30)
    timestamp = models.DateTimeField(_("date"), null=True, blank=True)
    reject_reason = models.CharField(_("motif"), max_length=30, blank=True)
    received_at = models.DateTimeField(_("reçu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("événement de remise")
        verbose_name_plural = _("événements de remise")
        ordering = ["timestamp", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["esp_name", "event_id"], name="mailing_event_once")
        ]

    def __str__(self):
        return f"{self.event_type} ({self.esp_name})"

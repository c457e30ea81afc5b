"""Submissions to the census of good practices, sent by communes through the public form."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from practices import vocabularies as vocab
from practices.census.storage import private_storage
from practices.models import validate_date_range


class SubmissionStatus(models.TextChoices):
    NEW = "nouvelle", _("Nouvelle")
    IN_REVIEW = "en-cours", _("En cours d'examen")
    ACCEPTED = "acceptee", _("Acceptée")
    REFUSED = "refusee", _("Refusée")
    DUPLICATE = "doublon", _("Doublon")


class PracticeSubmissionQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("commune").prefetch_related("device_types")


class Submission(models.Model):
    """What every submission of the public census form records: its review status, and who sent
    it with the consent they gave."""

    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        db_index=True,
    )
    created_at = models.DateTimeField(_("date de réception"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("dernière modification"), auto_now=True)

    submitter_name = models.CharField(_("nom"), max_length=150)
    submitter_role = models.CharField(_("fonction"), max_length=150)
    submitter_email = models.EmailField(_("courriel"))
    consent_to_contact = models.BooleanField(_("accepte d'être recontacté·e"), default=False)
    consent_given_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    consent_text = models.TextField(_("texte du consentement"), blank=True)

    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]


class PracticeSubmission(Submission):
    commune = models.ForeignKey(
        "practices.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="census_submissions",
    )
    title = models.CharField(_("nom de la pratique"), max_length=255)
    device_types = models.ManyToManyField(
        "practices.DeviceTypeTerm",
        verbose_name=_("types de dispositif"),
        related_name="census_submissions",
    )
    themes = models.ManyToManyField(
        "practices.ThemeTerm",
        verbose_name=_("thèmes"),
        related_name="census_submissions",
        blank=True,
    )
    start_date = models.DateField(_("date de début"), null=True, blank=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    participants = models.PositiveIntegerField(
        _("nombre de participants"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(10_000_000)],
    )
    budget = models.PositiveIntegerField(
        _("budget ou enveloppe (€)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(2_000_000_000)],
    )
    description = models.TextField(_("description"), max_length=10_000)
    results = models.TextField(_("résultats"), max_length=10_000, blank=True)
    lessons = models.TextField(_("enseignements"), max_length=10_000, blank=True)

    # Review
    practice_page = models.OneToOneField(
        "practices.PracticePage",
        verbose_name=_("fiche créée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="census_submission",
    )
    online_notice_sent_at = models.DateTimeField(
        _("avis « en ligne » envoyé le"), null=True, blank=True, editable=False
    )

    objects = PracticeSubmissionQuerySet.as_manager()

    class Meta(Submission.Meta):
        verbose_name = _("contribution au recensement")
        verbose_name_plural = _("contributions au recensement")

    def __str__(self):
        return f"{self.title} — {self.commune.name}"

    def clean(self):
        super().clean()
        validate_date_range(self.start_date, self.end_date)


class SubmissionAttachment(models.Model):
    submission = models.ForeignKey(
        PracticeSubmission,
        verbose_name=_("contribution"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="census/%Y/%m/")
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("taille (octets)"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class FollowUpSubmission(Submission):
    """A follow-up of a published practice, reported by its commune through the public form;
    accepted, it becomes a `PracticeFollowUp` of the case study."""

    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("pratique"),
        on_delete=models.CASCADE,
        related_name="follow_up_submissions",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("étape"), max_length=20, choices=vocab.FollowUpKind.choices)
    text = models.TextField(_("texte"), max_length=500)
    source_url = models.URLField(_("lien vers la source"), blank=True)

    class Meta(Submission.Meta):
        verbose_name = _("suivi signalé")
        verbose_name_plural = _("suivis signalés")

    def __str__(self):
        return f"{self.practice.title} — {self.get_kind_display()} ({self.date:%d/%m/%Y})"

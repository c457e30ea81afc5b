"""The public form « Signaler une bonne pratique » and the staff forms of the review."""

import datetime
import re
from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practices import vocabularies as vocab
from practices.census import uploads
from practices.census.models import FollowUpSubmission, PracticeSubmission, SubmissionAttachment
from practices.models import Commune, DeviceTypeTerm, ThemeTerm
from practices.vocabularies import INSEE_CODE_PATTERN

CONSENT_TEXT = _(
    "J'accepte que le collectif « La participation citoyenne, cœur de nos communes » me "
    "recontacte au sujet de cette pratique, et me prévienne quand elle sera publiée."
)
HONEYPOT_FIELD = "site_web"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to `uploads.MAX_FILES` files, each checked by content; cleans to `CleanFile`s."""

    widget = MultipleFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [upload for upload in (data or []) if upload]
        uploads.check_sizes(files)
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(uploads.clean_upload(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class AccessibleFormMixin:
    """Ties help texts and errors to their fields with aria-describedby (RGAA 11.10)."""

    def describe_fields(self):
        for name, field in self.fields.items():
            bound = self[name]
            ids = []
            if field.help_text:
                ids.append(f"{bound.auto_id}-aide")
            if bound.errors:
                ids.append(f"{bound.auto_id}-erreurs")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class SubmissionForm(AccessibleFormMixin, forms.ModelForm):
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.order_by("name", "insee_code"),
        empty_label=_("Choisissez la commune"),
        help_text=_("Tapez les premières lettres du nom dans la liste pour y aller directement."),
        error_messages={
            "required": _("Choisissez la commune."),
            "invalid_choice": _("Choisissez une commune de la liste."),
        },
    )
    device_types = TermChoiceField(
        label=_("Type(s) de dispositif"),
        queryset=DeviceTypeTerm.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Cochez au moins un type de dispositif."),
            "invalid_choice": _("Ce type de dispositif n'existe pas."),
        },
    )
    themes = TermChoiceField(
        label=_("Thèmes"),
        queryset=ThemeTerm.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    attachments = AttachmentsField(
        label=_("Documents et photos"),
        required=False,
        help_text=_(
            "Facultatif. Jusqu'à %(count)s fichiers PDF ou images (JPEG, PNG, WebP), "
            "%(size)s au plus par fichier et %(total)s en tout."
        )
        % {
            "count": uploads.MAX_FILES,
            "size": uploads.megabytes(uploads.MAX_FILE_SIZE),
            "total": uploads.megabytes(uploads.MAX_TOTAL_SIZE),
        },
    )
    consent_to_contact = forms.BooleanField(label=CONSENT_TEXT, required=False)
    # Honeypot: hidden from people, filled by robots.
    site_web = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    class Meta:
        model = PracticeSubmission
        fields = [
            "commune",
            "title",
            "device_types",
            "themes",
            "start_date",
            "end_date",
            "participants",
            "budget",
            "description",
            "results",
            "lessons",
            "submitter_name",
            "submitter_role",
            "submitter_email",
            "consent_to_contact",
        ]
        labels = {
            "title": _("Nom de la pratique"),
            "description": _("Description : en quoi consiste la pratique ?"),
            "results": _("Résultats obtenus"),
            "lessons": _("Enseignements et conseils"),
            "participants": _("Nombre de participants"),
            "budget": _("Budget ou enveloppe, en euros"),
            "submitter_name": _("Vos prénom et nom"),
            "submitter_role": _("Votre fonction"),
            "submitter_email": _("Votre adresse électronique"),
        }
        help_texts = {
            "title": _("Par exemple : « Budget participatif des quartiers »."),
            "start_date": _("Format : jj/mm/aaaa."),
            "end_date": _("Laissez vide si la démarche continue."),
            "submitter_role": _("Par exemple : maire adjointe, chargé de mission participation."),
        }
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 8}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 5}),
            "submitter_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "submitter_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "submitter_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "title": {"required": _("Donnez un nom à la pratique.")},
            "description": {"required": _("Décrivez la pratique en quelques lignes.")},
            "submitter_name": {"required": _("Indiquez votre nom.")},
            "submitter_role": {"required": _("Indiquez votre fonction.")},
            "submitter_email": {
                "required": _("Indiquez votre adresse électronique."),
                "invalid": _("Cette adresse électronique n'est pas valide (ex. : nom@mairie.fr)."),
            },
        }

    field_order = [*Meta.fields[:11], "attachments", *Meta.fields[11:]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("participants", "budget"):
            self.fields[name].widget.attrs["min"] = 0
            self.fields[name].error_messages["invalid"] = _("Indiquez un nombre entier.")
        for name in ("start_date", "end_date"):
            self.fields[name].error_messages["invalid"] = _(
                "Date invalide : utilisez le format jj/mm/aaaa."
            )
        self.describe_fields()

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def _post_clean(self):
        super()._post_clean()
        self.describe_fields()

    @transaction.atomic
    def save(self, commit=True):
        """Store the submission, its vocabularies and its re-encoded attachments, or nothing."""
        submission = super().save(commit=False)
        if submission.consent_to_contact:
            submission.consent_given_at = timezone.now()
            submission.consent_text = str(CONSENT_TEXT)
        submission.save()
        self.save_m2m()
        for clean in self.cleaned_data["attachments"]:
            SubmissionAttachment.objects.create(
                submission=submission,
                file=ContentFile(clean.content, name=clean.storage_name),
                original_name=clean.original_name,
                content_type=clean.content_type,
                size=clean.size,
            )
        return submission


FOLLOW_UP_CONSENT_TEXT = _(
    "J'accepte que le collectif « La participation citoyenne, cœur de nos communes » me "
    "recontacte au sujet de ce suivi."
)


class FollowUpSubmissionForm(AccessibleFormMixin, forms.ModelForm):
    """« Signaler un suivi » of a published practice (the practice is given by the view)."""

    consent_to_contact = forms.BooleanField(label=FOLLOW_UP_CONSENT_TEXT, required=False)
    # Honeypot: hidden from people, filled by robots.
    site_web = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    class Meta:
        model = FollowUpSubmission
        fields = [
            "kind",
            "date",
            "text",
            "source_url",
            "submitter_name",
            "submitter_role",
            "submitter_email",
            "consent_to_contact",
        ]
        # An address typed without its scheme is read as https:// (Django 6's default).
        field_classes = {"source_url": partial(forms.URLField, assume_scheme="https")}
        labels = {
            "kind": _("Étape"),
            "date": _("Date"),
            "text": _("Ce qui s'est passé"),
            "source_url": _("Lien vers une source (délibération, article, bilan)"),
            "submitter_name": _("Vos prénom et nom"),
            "submitter_role": _("Votre fonction"),
            "submitter_email": _("Votre adresse électronique"),
        }
        help_texts = {
            "date": _("Format : jj/mm/aaaa."),
            "text": _("Une ou deux phrases, 500 caractères au plus."),
            "source_url": _("Facultatif. Adresse complète, commençant par https://"),
            "submitter_role": _("Par exemple : maire adjointe, chargé de mission participation."),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
            "submitter_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "submitter_role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "submitter_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "kind": {
                "required": _("Choisissez l'étape."),
                "invalid_choice": _("Choisissez une étape de la liste."),
            },
            "date": {
                "required": _("Indiquez la date."),
                "invalid": _("Date invalide : utilisez le format jj/mm/aaaa."),
            },
            "text": {
                "required": _("Décrivez en une ou deux phrases ce qui s'est passé."),
                "max_length": _("500 caractères au plus, s'il vous plaît."),
            },
            "source_url": {
                "invalid": _("Cette adresse n'est pas valide (ex. : https://www.mairie.fr/…)."),
            },
            "submitter_name": {"required": _("Indiquez votre nom.")},
            "submitter_role": {"required": _("Indiquez votre fonction.")},
            "submitter_email": {
                "required": _("Indiquez votre adresse électronique."),
                "invalid": _("Cette adresse électronique n'est pas valide (ex. : nom@mairie.fr)."),
            },
        }

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.practice = practice
        self.fields["kind"].choices = [("", _("Choisissez l'étape")), *vocab.FollowUpKind.choices]
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.describe_fields()

    @property
    def is_spam(self):
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=366):
            raise ValidationError(
                _("Cette date est trop lointaine : indiquez une date passée ou prochaine.")
            )
        return date

    def _post_clean(self):
        super()._post_clean()
        self.describe_fields()

    def save(self, commit=True):
        submission = super().save(commit=False)
        if submission.consent_to_contact:
            submission.consent_given_at = timezone.now()
            submission.consent_text = str(FOLLOW_UP_CONSENT_TEXT)
        submission.save()
        return submission


def initial_values(querydict):
    """The commune named by `?commune=<code INSEE>` (the link of its profile), preselected."""
    code = querydict.get("commune", "").upper()
    if not re.match(INSEE_CODE_PATTERN, code):
        return {}
    commune = Commune.objects.filter(insee_code=code).first()
    return {"commune": commune} if commune else {}


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Gardé dans la contribution ; il n'est pas envoyé automatiquement."),
        error_messages={"required": _("Indiquez le motif du refus.")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV du recensement"),
        help_text=_("CSV exporté d'Excel ou de LibreOffice, séparé par « ; » ou « , »."),
        error_messages={"required": _("Choisissez un fichier CSV.")},
    )
    dry_run = forms.BooleanField(
        label=_("Simulation : vérifier le fichier sans rien enregistrer"), required=False
    )
    partial = forms.BooleanField(
        label=_("Importer les lignes correctes même si d'autres sont en erreur"), required=False
    )

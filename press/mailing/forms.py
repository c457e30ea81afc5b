from django import forms
from django.utils.translation import gettext_lazy as _

from press.mailing.models import Subscriber
from press.mailing.topics import release_topics

CONSENT_TEXT = _(
    "J'accepte de recevoir par courriel les communiqués de presse du collectif « La "
    "participation citoyenne, cœur de nos communes ». Je peux me désabonner à tout moment "
    "par le lien présent dans chaque message."
)


TRACKING_CONSENT_LABEL = _(
    "Facultatif : j'accepte que l'ouverture de ces messages et les clics sur leurs liens "
    "soient mesurés pour mon adresse. Sans cet accord, ils ne sont comptés que globalement."
)


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Courriel professionnel"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par ex. nom@media.fr."),
        },
    )
    name = forms.CharField(
        label=_("Nom et prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    outlet = forms.CharField(
        label=_("Média"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Indiquez le média pour lequel vous travaillez.")},
    )
    topics = TopicChoiceField(
        label=_("Thèmes (facultatif)"),
        queryset=release_topics(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sans thème coché, vous recevez tous les communiqués."),
        error_messages={
            "invalid_choice": _("Thème inconnu : « %(value)s »."),
            "invalid_pk_value": _("Thème inconnu : « %(pk)s »."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.IMMEDIATE,
        required=False,  # « dès la publication » when left out (forms of cached pages)
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez « dès la publication » ou un résumé.")},
    )
    tracking_consent = forms.BooleanField(label=TRACKING_CONSENT_LABEL, required=False)
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("Cochez la case pour confirmer votre accord.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)
    source = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_frequency(self):
        return self.cleaned_data["frequency"] or Subscriber.Frequency.IMMEDIATE

    def clean_source(self):
        """The page the form was embedded in: a local path only, never another site."""
        source = self.cleaned_data["source"]
        if not source.startswith("/") or source.startswith("//") or "\\" in source:
            return ""
        return source

    def is_spam(self):
        return bool(self.data.get("website"))

    @property
    def consent_text(self):
        return str(CONSENT_TEXT)


class PreferencesForm(forms.ModelForm):
    """« Gérer mes préférences »: topics and frequency, from the signed link of every email."""

    topics = TopicChoiceField(
        label=_("Thèmes"),
        queryset=release_topics(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sans thème coché, vous recevez tous les communiqués."),
        error_messages={"invalid_choice": _("Thème inconnu : « %(value)s ».")},
    )
    frequency = forms.ChoiceField(
        label=_("Fréquence"),
        choices=Subscriber.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choisissez « dès la publication » ou un résumé.")},
    )

    tracking_consent = forms.BooleanField(label=TRACKING_CONSENT_LABEL, required=False)

    class Meta:
        model = Subscriber
        fields = ["topics", "frequency", "tracking_consent"]

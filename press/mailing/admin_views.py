"""Admin screens: « Envoyer aux journalistes » on a release, « Reprendre » a mailing, decide on
deliveries « à vérifier », unsubscribe/erase a subscriber."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.admin_url_finder import AdminURLFinder

from cms.text import one_line
from press.mailing import sending, uncertain
from press.mailing.message import correction_note
from press.mailing.models import Delivery, Mailing, Subscriber
from press.mailing.tasks import send_mailing_task
from press.mailing.topics import release_topics
from press.models import PressReleasePage


class SendReleaseForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Ne l'envoyer qu'aux abonnés de ces thèmes (facultatif)"),
        queryset=release_topics(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Les abonnés sans thème reçoivent tous les communiqués. Sans thème coché : "
            "tous les abonnés confirmés."
        ),
    )
    correction = forms.BooleanField(
        label=gettext_lazy("Renvoyer une version corrigée"),
        required=False,
        help_text=gettext_lazy(
            "Le communiqué part de nouveau, marqué « version corrigée », à ceux qui l'ont déjà "
            "reçu, avec la note de correction de la version en ligne. Sinon, il ne part qu'aux "
            "abonnés qui ne l'ont pas encore reçu."
        ),
    )
    at_embargo = forms.BooleanField(
        label=gettext_lazy("Envoyer à la levée de l'embargo"),
        required=False,
        help_text=gettext_lazy(
            "L'envoi partira à la publication programmée du communiqué, jamais avant."
        ),
    )


def _can_send(user, release):
    return user.has_perm("mailing.add_mailing") and release.permissions_for_user(user).can_publish()


def _can_resend_corrected(release, can_send_now):
    """A corrected version is resent only to carry a correction: the version online has one."""
    return (
        can_send_now
        and correction_note(release, release.live_revision_id) is not None
        and sending.already_received(release.pk).exists()
    )


def _recipient_count(release, topics, correction=False):
    if correction:
        return sending.correction_recipients(release.pk).count()
    return sending.recipients(release.pk, [topic.pk for topic in topics]).count()


def _start_mailing(request, release, topics, at_embargo, correction):
    """The new mailing, or None when one of this release is already under way (the database's
    constraint: a double click, two tabs or a retried POST start one mailing only)."""
    kind = Mailing.Kind.CORRECTION if correction else Mailing.Kind.RELEASE
    subject = _("Version corrigée : %(title)s") % {"title": release.title} if correction else ""
    try:
        with transaction.atomic():
            mailing = Mailing.objects.create(
                release=release,
                kind=kind,
                revision=release.live_revision if correction else None,
                subject=one_line(subject or release.title)[:255],
                status=Mailing.Status.WAITING if at_embargo else Mailing.Status.QUEUED,
                send_at_embargo=at_embargo,
                created_by=request.user,
            )
            mailing.topics.set(topics)
            if not at_embargo:
                transaction.on_commit(lambda: send_mailing_task.enqueue(mailing.pk))
    except IntegrityError:
        return None
    return mailing


def send_release(request, page_id):
    release = get_object_or_404(PressReleasePage, pk=page_id)
    if not _can_send(request.user, release):
        raise PermissionDenied
    scheduled = release.scheduled_revision
    can_send_now = release.live and not release.get_view_restrictions().exists()
    edit_url = AdminURLFinder(request.user).get_edit_url(release)
    if not can_send_now and scheduled is None:
        messages.error(
            request,
            _("Publiez ou programmez d'abord ce communiqué : seul un communiqué public s'envoie."),
        )
        return redirect(edit_url)

    form = SendReleaseForm(request.POST if request.method == "POST" else None)
    if not scheduled:
        del form.fields["at_embargo"]
    if not _can_resend_corrected(release, can_send_now):
        if request.POST.get("correction"):  # a form left open while the release changed
            messages.error(
                request,
                _(
                    "Seul un communiqué en ligne et déjà reçu se renvoie corrigé, et seulement "
                    "si sa version en ligne porte une note « Correction » : rien n'a été envoyé."
                ),
            )
            return redirect(request.path)
        del form.fields["correction"]
    if not can_send_now:
        form.fields["at_embargo"].initial = True
        form.fields["at_embargo"].disabled = True
    previous = release.mailings.order_by("-created_at")

    context = {
        "release": release,
        "form": form,
        "scheduled": scheduled,
        "edit_url": edit_url,
        "previous": previous,
        "total": _recipient_count(release, []),
        "correction_note": (
            correction_note(release, release.live_revision_id)
            if "correction" in form.fields
            else None
        ),
    }
    if request.method == "POST" and form.is_valid():
        correction = form.cleaned_data.get("correction", False)
        topics = [] if correction else list(form.cleaned_data["topics"])
        at_embargo = bool(scheduled) and (form.cleaned_data.get("at_embargo") or not can_send_now)
        count = _recipient_count(release, topics, correction)
        if "confirm" not in request.POST:
            context.update(
                confirming=True,
                count=count,
                topics=topics,
                at_embargo=at_embargo,
                correction=correction,
            )
            return TemplateResponse(request, "mailing/admin/send_release.html", context)
        if count == 0 and not at_embargo:
            messages.warning(request, _("Aucun destinataire : rien n'a été envoyé."))
            return redirect(edit_url)
        if _start_mailing(request, release, topics, at_embargo, correction) is None:
            messages.warning(
                request,
                _(
                    "Un envoi de ce communiqué est déjà en cours ou programmé, ou cette version "
                    "corrigée est déjà partie : il n'a pas été lancé une seconde fois."
                ),
            )
            return redirect(edit_url)
        if at_embargo:
            messages.success(
                request,
                _("L'envoi partira à la levée de l'embargo, à %(count)d destinataire(s) au plus.")
                % {"count": count},
            )
        else:
            messages.success(
                request,
                _("Envoi lancé vers %(count)d journaliste(s).") % {"count": count},
            )
        return redirect(edit_url)
    return TemplateResponse(request, "mailing/admin/send_release.html", context)


def resume_mailing(request, pk):
    """« Reprendre » a partial mailing: its failed deliveries are tried again."""
    mailing = get_object_or_404(Mailing, pk=pk, status=Mailing.Status.PARTIAL)
    if not request.user.has_perm("mailing.add_mailing"):
        raise PermissionDenied
    index_url = "mailing_mailing_modeladmin_index"
    if request.method == "POST":
        try:
            sending.resume(mailing)
        except IntegrityError:
            messages.warning(request, _("Un autre envoi de ce communiqué est en cours."))
            return redirect(index_url)
        transaction.on_commit(lambda: send_mailing_task.enqueue(mailing.pk))
        messages.success(request, _("L'envoi « %(subject)s » reprend.") % {"subject": mailing})
        return redirect(index_url)
    return TemplateResponse(
        request,
        "mailing/admin/confirm_action.html",
        {
            "subtitle": mailing.subject,
            "title": _("Reprendre l'envoi"),
            "explanation": _(
                "Les remises en échec sont tentées de nouveau. Celles « à vérifier » (peut-être "
                "reçues) ne repartent pas : vérifiez-les auprès du prestataire."
            ),
            "button": _("Reprendre"),
            "index_url": index_url,
        },
    )


@dataclass(frozen=True)
class Decision:
    title: str
    explanation: str
    button: str
    apply: object  # uncertain.confirm_sent or uncertain.resend
    done: object  # the success message for a count


UNCERTAIN_DECISIONS = {
    "confirmer": Decision(
        gettext_lazy("Confirmer comme envoyé"),
        gettext_lazy(
            "Vous avez vérifié, dans le journal du prestataire ou auprès du destinataire, que le "
            "communiqué a été reçu : la remise est comptée comme envoyée et ne repartira pas."
        ),
        gettext_lazy("Confirmer comme envoyé"),
        uncertain.confirm_sent,
        lambda count: ngettext(
            "%(count)d remise confirmée comme envoyée.",
            "%(count)d remises confirmées comme envoyées.",
            count,
        ),
    ),
    "renvoyer": Decision(
        gettext_lazy("Renvoyer"),
        gettext_lazy(
            "Vous avez vérifié que le communiqué n'a pas été reçu : il part de nouveau "
            "maintenant. S'il avait été reçu, le destinataire l'aura deux fois. Votre décision "
            "est enregistrée dans l'historique du site."
        ),
        gettext_lazy("Renvoyer"),
        uncertain.resend,
        lambda count: ngettext(
            "%(count)d remise renvoyée : l'envoi reprend.",
            "%(count)d remises renvoyées : l'envoi reprend.",
            count,
        ),
    ),
}


def uncertain_listing_url(mailing):
    query = {"mailing__id__exact": mailing.pk, "status__exact": Delivery.Status.UNCERTAIN}
    return f"{reverse('mailing_delivery_modeladmin_index')}?{urlencode(query)}"


def decide_uncertain_mailing(request, pk, decision):
    """« Confirmer comme envoyé » or « Renvoyer » every delivery « à vérifier » of a mailing."""
    mailing = get_object_or_404(Mailing, pk=pk)
    return _decide_uncertain(request, mailing, None, decision, mailing.subject)


def decide_uncertain_delivery(request, pk, decision):
    """The same decision for one delivery."""
    delivery = get_object_or_404(Delivery.objects.select_related("mailing", "subscriber"), pk=pk)
    recipient = delivery.subscriber.email if delivery.subscriber else _("abonné effacé")
    subtitle = f"{recipient} — {delivery.mailing.subject}"
    return _decide_uncertain(request, delivery.mailing, [delivery.pk], decision, subtitle)


def _decide_uncertain(request, mailing, delivery_ids, decision, subtitle):
    if decision not in UNCERTAIN_DECISIONS:
        raise Http404
    if not request.user.has_perm("mailing.add_mailing"):
        raise PermissionDenied
    decision = UNCERTAIN_DECISIONS[decision]
    back_url = uncertain_listing_url(mailing)
    if request.method == "POST":
        try:
            count = decision.apply(mailing, request.user, delivery_ids)
        except IntegrityError:
            messages.warning(request, _("Un autre envoi de ce communiqué est en cours."))
            return redirect(back_url)
        if count:
            messages.success(request, decision.done(count) % {"count": count})
        else:
            messages.warning(request, _("Plus aucune remise « à vérifier » : rien n'a changé."))
        return redirect(back_url)
    count = uncertain.to_decide(mailing, delivery_ids).count()
    if not count:
        raise Http404
    return TemplateResponse(
        request,
        "mailing/admin/confirm_action.html",
        {
            "subtitle": subtitle,
            "title": decision.title,
            "explanation": decision.explanation,
            "count": count,
            "listing_url": back_url,
            "button": decision.button,
            "index_url": "mailing_mailing_modeladmin_index",
        },
    )


def _subscriber_action(request, pk, permission, title, explanation, button, action, done):
    subscriber = get_object_or_404(Subscriber, pk=pk)
    if not request.user.has_perm(permission):
        raise PermissionDenied
    index_url = "mailing_subscriber_modeladmin_index"
    if request.method == "POST":
        action(subscriber)
        messages.success(request, done % {"email": subscriber.email})
        return redirect(index_url)
    return TemplateResponse(
        request,
        "mailing/admin/confirm_action.html",
        {
            "subtitle": subscriber.email,
            "title": title,
            "explanation": explanation,
            "button": button,
            "index_url": index_url,
        },
    )


def unsubscribe_subscriber(request, pk):
    return _subscriber_action(
        request,
        pk,
        "mailing.change_subscriber",
        _("Désabonner"),
        _("Cette adresse ne recevra plus aucun communiqué. Ses données sont conservées."),
        _("Désabonner"),
        Subscriber.unsubscribe,
        _("L'adresse %(email)s est désabonnée."),
    )


def erase_subscriber(request, pk):
    return _subscriber_action(
        request,
        pk,
        "mailing.delete_subscriber",
        _("Effacer les données personnelles"),
        _(
            "L'adresse, le nom, le média et la preuve du consentement sont supprimés "
            "définitivement. Les envois passés restent comptés, sans nom."
        ),
        _("Effacer définitivement"),
        Subscriber.erase,
        _("Les données de %(email)s sont effacées."),
    )

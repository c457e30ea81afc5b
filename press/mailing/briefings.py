"""Embargo briefings: a scheduled release shared before its lift with chosen journalists.

Each recipient (`BriefingRecipient`: a confirmed subscriber picked from the list, or an address
typed in, which never joins the list) has a personal link signed with its row's id. The row is
the link's state: revoked, the link is refused (410); opened, its first and last openings and
their number are counted. The link shows the revision waiting for its go-live date, read-only,
under the banner « SOUS EMBARGO — ne pas publier avant le … », and its PDF with the same banner.
Neither is ever stored: not in the page cache, nor by a CDN or a browser (`private, no-store`),
nor in the media storage. The release itself stays out of every public place until Wagtail's
`publish_scheduled` publishes it; from then on, every link redirects to the public page.

The links are emailed through the mailing: a `Mailing` of kind « briefing » sends every link of
the release not sent yet, one `Delivery` per recipient, and the database refuses a second one
that counts (sending.py calls `queue_deliveries`, `is_still_wanted` and `BriefingEmail` here).
The email carries the link, not the release: revoking the link withdraws the text.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from anymail.message import AnymailMessage
from django.core import signing
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cms.models import SiteSettings
from cms.pdf import pdf_response, render_pdf
from cms.templatetags.cms_tags import french_date
from cms.text import one_line
from press.mailing.models import BriefingRecipient, Delivery, Mailing
from press.models import PressReleasePage, default_press_contacts

PARIS = ZoneInfo("Europe/Paris")
# Longer than any honest token (an id and a signature): refused before unsigning.
MAX_TOKEN_LENGTH = 200
_signer = signing.Signer(salt="press.briefing")


# The personal link ------------------------------------------------------------------------------


def make_token(recipient):
    return _signer.sign_object({"id": recipient.pk})


def recipient_for(token):
    """The recipient of a genuine link (revoked or not), or None."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        pk = int(_signer.unsign_object(token)["id"])
    except (signing.BadSignature, ValueError, UnicodeError, KeyError, TypeError):
        return None
    return BriefingRecipient.objects.select_related("release").filter(pk=pk).first()


def link(recipient, root_url=None):
    """The recipient's personal link, absolute (`root_url`: its release's site's)."""
    path = reverse("mailing:briefing", args=[make_token(recipient)])
    return (root_url or recipient.release.get_site().root_url) + path


# The embargo ------------------------------------------------------------------------------------


def lift_at(release):
    """When the embargo lifts: the go-live date of the revision waiting for it, or None."""
    revision = release.scheduled_revision
    return revision.approved_go_live_at if revision else None


def paris_time(value):
    """« 10 décembre 2026 à 10 h 00 », in Paris time."""
    local = timezone.localtime(value, PARIS)
    return _("%(date)s à %(hour)s\u00a0h\u00a0%(minute)s") % {
        "date": french_date(local),
        "hour": f"{local:%H}",
        "minute": f"{local:%M}",
    }


def banner(lift):
    return _("SOUS EMBARGO — ne pas publier avant le %(time)s") % {"time": paris_time(lift)}


def email_subject(release, lift):
    subject = _("Sous embargo jusqu'au %(time)s : %(title)s") % {
        "time": paris_time(lift),
        "title": release.title,
    }
    return one_line(subject)[:255]


# Staff actions ----------------------------------------------------------------------------------


def add_recipients(release, subscribers, emails, user):
    """Give a link to each subscriber and address that has none for this release yet; returns
    the new recipients. An address typed in stays out of the mailing list."""
    wanted = [(subscriber.email, subscriber) for subscriber in subscribers]
    wanted += [(email, None) for email in emails]
    added = []
    for email, subscriber in wanted:
        recipient, created = BriefingRecipient.objects.get_or_create(
            release=release,
            email=email.strip().lower(),
            defaults={"subscriber": subscriber, "created_by": user},
        )
        if created:
            added.append(recipient)
    return added


def erase_typed_in_addresses(days):
    """RGPD: an address typed in (no subscriber: no consent to keep it) is erased `days` after
    the lift, or, when the release's scheduled publication was cancelled, `days` after its link
    was given; its link's email status and openings stay, as counts. Returns their number."""
    cutoff = timezone.now() - timedelta(days=days)
    # A release unpublished and scheduled anew keeps its first date: the link's own age counts too.
    typed_in = BriefingRecipient.objects.filter(subscriber__isnull=True, created_at__lt=cutoff)
    lifted = Q(release__live=True, release__first_published_at__lt=cutoff)
    offline = PressReleasePage.objects.filter(live=False, pk__in=typed_in.values("release"))
    abandoned = [release.pk for release in offline if lift_at(release) is None]
    return typed_in.filter(lifted | Q(release__in=abandoned)).exclude(email="").update(email="")


def revoke(recipients):
    """Revoke the links of `recipients` (a queryset) still valid; returns their number."""
    return recipients.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def start_mailing(release, user):
    """A mailing of the release's links not emailed yet (press.mailing sends it)."""
    copy = release.get_scheduled_revision_as_object()  # its title as it will be published
    return Mailing.objects.create(
        release=release,
        kind=Mailing.Kind.BRIEFING,
        subject=email_subject(copy, lift_at(release)),
        created_by=user,
    )


# The mailing's side (press.mailing.sending) ------------------------------------------------------


def queue_deliveries(mailing, batch_size):
    """A delivery for each link of the release neither revoked nor emailed already."""
    emailed = Delivery.objects.filter(briefing_recipient__release=mailing.release_id).exclude(
        status__in=Delivery.NOT_SENT
    )
    pending = BriefingRecipient.objects.filter(
        release=mailing.release_id, revoked_at__isnull=True
    ).exclude(pk__in=emailed.values("briefing_recipient"))
    Delivery.objects.bulk_create(
        (
            Delivery(mailing=mailing, release_id=mailing.release_id, briefing_recipient_id=pk)
            for pk in pending.values_list("pk", flat=True).iterator()
        ),
        batch_size=batch_size,
        ignore_conflicts=True,  # another briefing mailing queued it first
    )


def is_still_wanted(delivery):
    """Not revoked since, and a subscriber picked from the list has not left it."""
    recipient = delivery.briefing_recipient
    return (
        recipient is not None
        and not recipient.is_revoked
        and (recipient.subscriber is None or recipient.subscriber.is_active)
    )


class BriefingEmail:
    """The same body for everyone but the link."""

    LINK_PLACEHOLDER = "%%BRIEFING_URL%%"

    def __init__(self, mailing):
        self.mailing = mailing
        release = mailing.release
        self.root_url = release.get_site().root_url
        context = {
            "release": release.get_scheduled_revision_as_object(),
            "banner": banner(lift_at(release)),
            "link": self.LINK_PLACEHOLDER,
            "organisation_name": SiteSettings.for_site(release.get_site()).organisation_name,
        }
        self.text = render_to_string("mailing/email/briefing.txt", context)
        self.html = render_to_string("mailing/email/briefing.html", context)

    @classmethod
    def for_mailing(cls, mailing):
        """None once the release is no longer waiting for its embargo to lift."""
        release = mailing.release
        if release is None or release.live or lift_at(release) is None:
            return None
        return cls(mailing)

    def prepare(self, deliveries):
        """Nothing to read per batch."""

    def message_for(self, delivery):
        url = link(delivery.briefing_recipient, self.root_url)
        message = AnymailMessage(
            subject=one_line(self.mailing.subject),
            body=self.text.replace(self.LINK_PLACEHOLDER, url),
            to=[delivery.briefing_recipient.email],
        )
        message.attach_alternative(self.html.replace(self.LINK_PLACEHOLDER, url), "text/html")
        message.metadata = {
            "mailing": self.mailing.pk,
            "release": self.mailing.release_id,
            "delivery": delivery.pk,
        }
        message.tags = ["briefing", f"briefing-{self.mailing.release_id}"]
        return message


# The journalist's link --------------------------------------------------------------------------


def _private(response):
    """Never kept by the page cache, a CDN or a browser; never indexed; the token never leaves
    in a Referer."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _refused(request, message, status):
    response = TemplateResponse(
        request, "mailing/briefing_refused.html", {"message": message}, status=status
    )
    return _private(response)


def _embargoed_copy(request, token, public_suffix=""):
    """(recipient, the scheduled revision as a page, None), or (None, None, the response that
    refuses or redirects)."""
    recipient = recipient_for(token)
    if recipient is None:
        return None, None, _refused(request, _("Ce lien n'est pas valide."), 404)
    release = recipient.release
    if release.live:  # the embargo has lifted: every link leads to the public page
        return None, None, _private(HttpResponseRedirect(release.get_url(request) + public_suffix))
    if recipient.is_revoked:
        return None, None, _refused(request, _("Ce lien a été révoqué."), 410)
    copy = release.get_scheduled_revision_as_object()
    if copy is None:
        message = _("Ce communiqué n'est plus programmé : il n'est pas consultable.")
        return None, None, _refused(request, message, 404)
    return recipient, copy, None


def _is_staff(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


@require_safe
def briefing(request, token):
    """The read-only copy of the release under its embargo banner."""
    recipient, copy, refusal = _embargoed_copy(request, token)
    if refusal:
        return refusal
    if request.method == "GET" and not _is_staff(request.user):  # staff checking do not count
        recipient.record_opening()
    context = {
        "page": copy,
        "release": copy,
        "recipient": recipient,
        "banner": banner(lift_at(recipient.release)),
        "pdf_url": reverse("mailing:briefing_pdf", args=[token]),
    }
    if not copy.press_contacts_blocks():
        context["default_press_contacts"] = default_press_contacts(request)
    return _private(TemplateResponse(request, "mailing/briefing.html", context))


@require_safe
def briefing_pdf(request, token):
    """The copy's PDF with the same banner, rendered for this request only."""
    recipient, copy, refusal = _embargoed_copy(request, token, public_suffix="pdf/")
    if refusal:
        return refusal
    context = {
        "page": copy,
        "body_blocks": [block for block in copy.body if block.block_type != "press_contacts"],
        "press_contacts_blocks": copy.press_contacts_blocks(),
        "embargo_banner": banner(lift_at(recipient.release)),
        "recipient": recipient,
    }
    content = render_pdf("mailing/briefing_pdf.html", context, request)
    return _private(pdf_response(content, f"{copy.slug}-embargo.pdf"))

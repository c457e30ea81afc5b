"""The release email: rendered once per mailing, personalised per recipient only by its links."""

import re
from email.utils import parseaddr

from anymail.message import AnymailMessage
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

from cms.models import SiteSettings
from cms.templatetags.cms_tags import french_date
from cms.text import one_line
from press.changes import ChangeKind
from press.mailing.tokens import make_preferences_token, make_unsubscribe_token
from press.models import PressSettings

LEAD_PARAGRAPHS = 3
CONTACT_FIELDS = ("name", "role", "organisation", "email", "phone")
# Stand for the recipient's own links in the rendered bodies.
UNSUBSCRIBE_PLACEHOLDER = "%%UNSUBSCRIBE_URL%%"
PREFERENCES_PLACEHOLDER = "%%PREFERENCES_URL%%"
_RELATIVE_HREF = re.compile(r'(href|src)="/(?!/)')


def unsubscribe_mailto():
    address = (
        getattr(settings, "MAILING_UNSUBSCRIBE_MAILTO", "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )
    return f"mailto:{address}?subject=desabonnement"


def unsubscribe_headers(url):
    """RFC 2369 + RFC 8058: one-click unsubscribe from the mail client."""
    return {
        "List-Unsubscribe": f"<{url}>, <{unsubscribe_mailto()}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _absolute_html(html, base_url):
    return _RELATIVE_HREF.sub(rf'\1="{base_url}/', html)


def _contacts(release):
    blocks = release.press_contacts_blocks()
    if not blocks:
        press_settings = PressSettings.for_site(release.get_site())
        return [_contact(contact) for contact in press_settings.default_press_contacts.all()]
    contacts = []
    for block in blocks:
        contacts += [_contact(contact) for contact in block.value["contacts"] if contact]
        contacts += [_contact(contact) for contact in block.value["inline_contacts"]]
    return contacts


def _contact(contact):
    """A registered PressContact (shown if active) or an inline contact (a StructValue)."""
    if isinstance(contact, dict):
        return {field: contact.get(field) or "" for field in CONTACT_FIELDS}
    if contact.is_active:
        return {field: getattr(contact, field) for field in CONTACT_FIELDS}
    return None


def _absolute_url(url, base_url):
    return f"{base_url}{url}" if url.startswith("/") else url


def correction_note(release, revision_id):
    """The « correction » note published with that revision of the release, or None."""
    for entry in reversed(release.change_history):
        if entry["kind"] == ChangeKind.CORRECTION and entry["revision"] == revision_id:
            return entry["note"]
    return None


def release_context(release, base_url):
    site_settings = SiteSettings.for_site(release.get_site())
    paragraphs = [
        _absolute_html(expand_db_html(block.value.source), base_url)
        for block in release.body
        if block.block_type == "paragraph"
    ][:LEAD_PARAGRAPHS]
    release_url = release.get_full_url()
    image = None
    if release.lead_image:
        rendition = release.lead_image.get_rendition("width-600|format-jpeg")
        image = {
            "url": _absolute_url(rendition.url, base_url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": release.lead_image.description,
            "credit": release.lead_image.credit,
        }
    return {
        "release": release,
        "dateline": ", le ".join(
            part for part in (release.dateline_place, french_date(release.release_date)) if part
        ),
        "paragraphs": paragraphs,
        "paragraphs_text": [strip_tags(paragraph).strip() for paragraph in paragraphs],
        "release_url": release_url,
        "pdf_url": f"{release_url}pdf/",
        "image": image,
        "contacts": [contact for contact in _contacts(release) if contact],
        "organisation_name": site_settings.organisation_name,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "preferences_url": PREFERENCES_PLACEHOLDER,
    }


def personal_links(base_url, subscriber):
    """The recipient's own signed links, absolute."""
    return {
        UNSUBSCRIBE_PLACEHOLDER: base_url
        + reverse("mailing:unsubscribe", args=[make_unsubscribe_token(subscriber)]),
        PREFERENCES_PLACEHOLDER: base_url
        + reverse("mailing:preferences", args=[make_preferences_token(subscriber)]),
    }


def personalise(body, links):
    for placeholder, url in links.items():
        body = body.replace(placeholder, url)
    return body


class ReleaseEmail:
    """Both bodies are rendered once; each recipient only gets their own links."""

    def __init__(self, mailing, release):
        self.mailing = mailing
        self.release = release
        self.base_url = release.get_site().root_url
        context = release_context(release, self.base_url)
        if mailing.kind == mailing.Kind.CORRECTION:
            context["correction_note"] = correction_note(release, mailing.revision_id)
        self.text = render_to_string("mailing/email/release.txt", context)
        self.html = render_to_string("mailing/email/release.html", context)

    def prepare(self, deliveries):
        """Nothing to read per batch: the bodies are the same for everyone."""

    def _message(self, to, text, html):
        message = AnymailMessage(subject=one_line(self.mailing.subject), body=text, to=to)
        message.attach_alternative(html, "text/html")
        # Carried through to the tracking webhooks.
        message.metadata = {"mailing": self.mailing.pk, "release": self.release.pk}
        message.tags = ["communique", f"communique-{self.release.pk}"]
        return message

    def message_for(self, delivery):
        """One message for one recipient: works with every email backend."""
        links = personal_links(self.base_url, delivery.subscriber)
        message = self._message(
            [delivery.subscriber.email],
            personalise(self.text, links),
            personalise(self.html, links),
        )
        message.extra_headers.update(unsubscribe_headers(links[UNSUBSCRIBE_PLACEHOLDER]))
        message.metadata["delivery"] = delivery.pk
        return message

    def batch_message(self, deliveries, merge_field):
        """One ESP call for the whole batch: anymail's batch send with per-recipient merge data
        and headers; `merge_field` is the ESP's syntax, e.g. "{{ params.%s }}" for Brevo."""
        fields = {
            UNSUBSCRIBE_PLACEHOLDER: merge_field % "unsubscribe_url",
            PREFERENCES_PLACEHOLDER: merge_field % "preferences_url",
        }
        message = self._message(
            [delivery.subscriber.email for delivery in deliveries],
            personalise(self.text, fields),
            personalise(self.html, fields),
        )
        links = {d.pk: personal_links(self.base_url, d.subscriber) for d in deliveries}
        message.merge_data = {
            d.subscriber.email: {
                "unsubscribe_url": links[d.pk][UNSUBSCRIBE_PLACEHOLDER],
                "preferences_url": links[d.pk][PREFERENCES_PLACEHOLDER],
            }
            for d in deliveries
        }
        message.merge_headers = {
            d.subscriber.email: unsubscribe_headers(links[d.pk][UNSUBSCRIBE_PLACEHOLDER])
            for d in deliveries
        }
        message.merge_metadata = {d.subscriber.email: {"delivery": d.pk} for d in deliveries}
        if getattr(settings, "MAILING_BATCH_ESP_EXTRA", None):
            message.esp_extra = settings.MAILING_BATCH_ESP_EXTRA
        return message

"""Template helpers for press contact cards: phone links, vCard URLs, active contacts."""

from django import template
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse

from cms.renditions import renditions_prefetch, with_renditions
from press import phone
from press.models import CONTACT_PHOTO_RENDITIONS, PressContact
from press.vcards import sign_inline_contact

register = template.Library()


@register.filter
def tel_href(number):
    """« 06.21.17.64.69 » → « tel:+33621176469 »; « » when the number can't be read."""
    parsed = phone.parse(number)
    return parsed.tel_uri if parsed else ""


@register.filter
def french_phone(number):
    """« +33621176469 » → « 06 21 17 64 69 »."""
    return phone.french_display(number)


@register.filter
def vcard_url(contact):
    """The vCard download of a `PressContact` or of a contact typed inline in a block."""
    if isinstance(contact, PressContact):
        return reverse("press:contact_vcard", args=[contact.pk])
    return reverse("press:inline_contact_vcard", args=[sign_inline_contact(contact)])


@register.simple_tag
def active_press_contacts(contacts):
    """The active contacts among `contacts`, photos and their renditions prefetched.

    `contacts` is what a contacts block holds (a list of snippets, already bulk-loaded,
    with None for deleted ones), a queryset or a related manager (site settings).
    """
    if hasattr(contacts, "all") and not isinstance(contacts, QuerySet):
        contacts = contacts.all()
    if isinstance(contacts, QuerySet):
        return list(
            with_renditions(contacts.filter(is_active=True), "photo", CONTACT_PHOTO_RENDITIONS)
        )
    active = [contact for contact in contacts or () if contact and contact.is_active]
    with_photo = [contact for contact in active if contact.photo_id]
    if with_photo:
        prefetch_related_objects(with_photo, renditions_prefetch("photo", CONTACT_PHOTO_RENDITIONS))
    return active


@register.simple_tag(takes_context=True)
def press_contacts_heading_id(context):
    """A heading id unique within the page, for each contacts section it shows."""
    request = context.get("request")
    if request is None:
        return "contacts-presse"
    count = getattr(request, "_press_contacts_sections", 0) + 1
    request._press_contacts_sections = count
    return "contacts-presse" if count == 1 else f"contacts-presse-{count}"

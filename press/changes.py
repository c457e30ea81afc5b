"""Corrections and updates of a published release, in public.

Republishing a live release, the editor may write a change note marked « correction » or « mise
à jour » (`change_kind`, `change_note`: minor edits need none). The note belongs to the revision
being published: when it is published, it joins the release's `change_history`, shown on the
page (« Mis à jour le … », « Historique des modifications »), in its JSON-LD and counted by the
feeds' updated date. The note fields start blank in every new draft, and the history is the
live page's own: a revision published again, or reverted to, never rewrites it.

Earlier published versions stay readable at `versions/` and `versions/<n>/`: Wagtail's log of
publications says which revisions were published, and when.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import PageLogEntry


class ChangeKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    UPDATE = "mise-a-jour", _("Mise à jour")


NOTE_FIELDS = ("change_kind", "change_note")


def record_change(sender, instance, revision, **kwargs):
    """`page_published`: the change note of the published revision joins the history."""
    kind = revision.content.get("change_kind") or ""
    note = (revision.content.get("change_note") or "").strip()
    if not (kind and note) or any(
        entry["revision"] == revision.pk for entry in instance.change_history
    ):
        return
    entry = {
        "kind": kind,
        "note": note,
        "published_at": (instance.last_published_at or timezone.now()).isoformat(),
        "revision": revision.pk,
    }
    history = [*instance.change_history, entry]
    type(instance).objects.filter(pk=instance.pk).update(change_history=history)
    instance.change_history = history


def changes(page):
    """The change notes, newest first, with their dates as datetimes and their kind's label."""
    return [
        {
            **entry,
            "published_at": timezone.datetime.fromisoformat(entry["published_at"]),
            "label": ChangeKind(entry["kind"]).label,
        }
        for entry in reversed(page.change_history)
        if entry["kind"] in ChangeKind.values
    ]


def published_versions(page):
    """Every publication of the page, oldest first: [{number, revision, published_at,
    replaced_at, change}]; the last one is the version online."""
    entries = list(
        PageLogEntry.objects.filter(page=page, action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("timestamp", "pk")
    )
    notes = {entry["revision"]: entry for entry in changes(page)}
    versions = []
    for number, entry in enumerate(entries, start=1):
        replaced_at = entries[number].timestamp if number < len(entries) else None
        versions.append(
            {
                "number": number,
                "revision": entry.revision,
                "published_at": entry.timestamp,
                "replaced_at": replaced_at,
                "change": notes.get(entry.revision_id),
            }
        )
    return versions


def versions_view(request, page):
    return _noindex(
        TemplateResponse(
            request,
            "press/release_versions.html",
            {"page": page, "self": page, "versions": published_versions(page)},
        )
    )


def version_view(request, page, number):
    versions = published_versions(page)
    if not 1 <= number <= len(versions):
        raise Http404
    if number == len(versions):  # the version online is the page itself
        return redirect(page.url)
    version = versions[number - 1]
    return _noindex(
        TemplateResponse(
            request,
            "press/release_version.html",
            {
                "page": page,
                "self": page,
                "version": version,
                "release": version["revision"].as_object(),
            },
        )
    )


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response

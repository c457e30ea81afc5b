"""From a submission to a draft case study: « Créer une fiche brouillon » and « Refuser »."""

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from practices import vocabularies as vocab
from practices.census.models import SubmissionStatus
from practices.models import (
    PracticeContact,
    PracticeDocument,
    PracticeIndexPage,
    PracticePage,
    PracticePhoto,
)

COLLECTION_NAME = "Recensement"
# Tag of the images whose default alternative text an editor must check.
ALT_TEXT_TO_REVIEW_TAG = "texte-alternatif-a-verifier"


class DraftError(Exception):
    """The draft cannot be created (the message is French, for the admin)."""


def census_collection():
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(
        name=COLLECTION_NAME
    )


def paragraphs(text):
    """Plain text (blank lines between paragraphs) as the paragraph blocks of a BodyBlock."""
    chunks = [chunk.strip() for chunk in (text or "").replace("\r\n", "\n").split("\n\n")]
    return [("paragraph", RichText(linebreaks(escape(chunk)))) for chunk in chunks if chunk]


def practice_status(start_date, end_date, today):
    if start_date and start_date > today:
        return vocab.Status.PLANNED
    if end_date and end_date < today:
        return vocab.Status.COMPLETED
    return vocab.Status.ONGOING


def unique_slug(index, title):
    base = slugify(title)[:70] or "pratique"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def attachment_title(attachment, commune):
    return f"{PurePath(attachment.original_name).stem.replace('_', ' ')} — {commune.name}"[:255]


def import_attachments(submission, user, collection):
    """Copy the private attachments into Wagtail documents and images; return page children."""
    commune = submission.commune
    documents, photos = [], []
    for attachment in submission.attachments.all():
        with attachment.file.open("rb") as handle:
            data = handle.read()
        title = attachment_title(attachment, commune)
        if attachment.is_image:
            image = get_image_model()(
                title=title,
                description=_("Photo transmise par %(commune)s") % {"commune": commune.name},
                credit=commune.name,
                collection=collection,
                uploaded_by_user=user,
            )
            image.file = ImageFile(ContentFile(data), name=attachment.original_name)
            image.save()
            image.tags.add(ALT_TEXT_TO_REVIEW_TAG)
            photos.append(PracticePhoto(image=image))
        else:
            document = get_document_model()(
                title=title, collection=collection, uploaded_by_user=user
            )
            document.file = ContentFile(data, name=attachment.original_name)
            document.save()
            documents.append(PracticeDocument(document=document, kind=vocab.DocumentKind.OTHER))
    return documents, photos


@transaction.atomic
def create_draft(submission, user):
    """Create the draft `PracticePage` prefilled from `submission`, and link the two."""
    if submission.practice_page_id:
        raise DraftError(_("Une fiche existe déjà pour cette contribution."))
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise DraftError(_("Créez d'abord la page « Bonnes pratiques » (le catalogue)."))
    documents, photos = import_attachments(submission, user, census_collection())
    today = timezone.localdate()
    page = PracticePage(
        title=submission.title,
        slug=unique_slug(index, submission.title),
        summary=Truncator(" ".join(submission.description.split())).chars(300),
        lead_image=photos[0].image if photos else None,
        commune=submission.commune,
        start_date=submission.start_date,
        end_date=submission.end_date,
        status=practice_status(submission.start_date, submission.end_date, today),
        participants=submission.participants,
        budget=submission.budget,
        how_it_works=paragraphs(submission.description),
        results=paragraphs(submission.results),
        lessons=paragraphs(submission.lessons),
        census_source=vocab.CensusSource.QUESTIONNAIRE,
        collected_on=timezone.localdate(submission.created_at),
        verification_status=vocab.VerificationStatus.UNVERIFIED,
        live=False,
        owner=user,
    )
    page.device_types.set(submission.device_types.all())
    page.themes.set(submission.themes.all())
    page.documents = documents
    page.photos = photos
    page.contacts = [
        PracticeContact(
            name=submission.submitter_name,
            role=submission.submitter_role,
            email=submission.submitter_email,
            consent_to_publish=False,
        )
    ]
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    submission.practice_page = page
    submission.status = SubmissionStatus.ACCEPTED
    submission.save(update_fields=["practice_page", "status", "updated_at"])
    return page


def refuse(submission, reason):
    submission.status = SubmissionStatus.REFUSED
    submission.refusal_reason = reason
    submission.save(update_fields=["status", "refusal_reason", "updated_at"])

"""Embargo briefings (press.briefings): personal, revocable links to a scheduled release."""

import datetime
import io
import re
from zoneinfo import ZoneInfo

import feedparser
import pytest
from django.core import signing
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pypdf import PdfReader

from press.dashboard import PressPanel
from press.mailing import briefings, sending
from press.mailing.models import BriefingRecipient, Delivery, Mailing, Subscriber
from press.mailing.tokens import make_unsubscribe_token
from press.models import PressReleasePage
from press.pdf import pdf_directory
from tests.factories.mailing import SubscriberFactory
from tests.factories.press import PressReleasePageFactory
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LIFT = datetime.datetime(2036, 12, 10, 10, 0, tzinfo=PARIS)
BANNER = "SOUS EMBARGO — ne pas publier avant le 10 décembre 2036 à 10\u00a0h\u00a000"
SECRET = "Zéphyrine"
PARAGRAPH = f"Le budget participatif de {SECRET} double."


def schedule(press_index, slug="budget-sous-embargo", lift=LIFT, title=None):
    release = PressReleasePageFactory(
        parent=press_index,
        slug=slug,
        title=title or f"Annonce sous embargo {SECRET}",
        body=[("paragraph", f"<p>{PARAGRAPH}</p>")],
        topics=["Embargo"],
        alert_subscribers=False,
        live=False,
        first_published_at=None,
        last_published_at=None,
    )
    release.go_live_at = lift
    release.save_revision().publish()  # scheduled: stays offline until `lift`
    release.refresh_from_db()
    return release


@pytest.fixture
def embargoed(press_index):
    return schedule(press_index)


def brief(release, *emails):
    """Links recorded for `emails` (typed in), as the staff screen and the command do."""
    briefings.add_recipients(release, [], emails, user=None)
    return [release.briefing_recipients.get(email=email) for email in emails]


def path_of(recipient):
    return briefings.link(recipient).removeprefix("http://testserver")


def lift(release):
    """Its time has come (moved back to a minute ago), the cron runs `publish_scheduled`."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = release.scheduled_revision
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    PressReleasePage.objects.filter(pk=release.pk).update(go_live_at=past)
    call_command("publish_scheduled")
    release.refresh_from_db()
    assert release.live


def assert_private(response):
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


# The banner -------------------------------------------------------------------------------------


def test_the_banner_says_the_lift_time_in_paris_written_out():
    assert briefings.banner(LIFT) == BANNER
    summer = datetime.datetime(2027, 7, 1, 8, 5, tzinfo=datetime.UTC)
    assert briefings.banner(summer).endswith("avant le 1er juillet 2027 à 10\u00a0h\u00a005")


# The journalist's link --------------------------------------------------------------------------


def test_the_link_shows_the_scheduled_release_read_only_under_the_banner(client, embargoed):
    [recipient] = brief(embargoed, "lea@quotidien.example")

    response = client.get(path_of(recipient))

    assert response.status_code == 200
    assert_private(response)
    html = response.content.decode()
    assert BANNER in html
    assert embargoed.title in html and PARAGRAPH in html
    assert "Copie personnelle de lea@quotidien.example" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="canonical"' not in html
    assert "/admin/" not in html  # nothing to edit: a copy
    assert client.get(embargoed.url).status_code == 404


def test_a_link_works_for_its_journalist_only(client, embargoed):
    lea, paul = brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")

    assert "Copie personnelle de lea@" in client.get(path_of(lea)).content.decode()
    assert "Copie personnelle de paul@" in client.get(path_of(paul)).content.decode()

    # Another id under Léa's signature, another link's signature, a link of the mailing list.
    token = briefings.make_token(lea)
    forged = signing.Signer(salt="press.briefing").sign_object({"id": paul.pk})
    tampered = forged.split(":")[0] + ":" + token.split(":")[1]
    subscriber = SubscriberFactory()
    for bad in (tampered, make_unsubscribe_token(subscriber), "abc:def", "x" * 300 + ":y"):
        response = client.get(f"/liste-presse/embargo/{bad}/")
        assert response.status_code == 404, bad
        assert escape("Ce lien n'est pas valide.") in response.content.decode()
        assert_private(response)
    assert BriefingRecipient.objects.get(pk=paul.pk).open_count == 1


def test_opening_is_logged_for_journalists_not_for_staff(client, admin_user, embargoed):
    [recipient] = brief(embargoed, "lea@quotidien.example")
    url = path_of(recipient)

    client.get(url)
    client.head(url)
    client.get(url)
    recipient.refresh_from_db()
    assert recipient.open_count == 2
    assert recipient.first_opened_at <= recipient.last_opened_at

    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    recipient.refresh_from_db()
    assert recipient.open_count == 2


def test_a_revoked_link_is_refused_with_a_french_message(client, embargoed):
    lea, paul = brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")
    briefings.revoke(embargoed.briefing_recipients.filter(pk=lea.pk))

    for url in (path_of(lea), path_of(lea) + "communique.pdf"):
        response = client.get(url)
        assert response.status_code == 410
        assert "Ce lien a été révoqué." in response.content.decode()
        assert SECRET not in response.content.decode()
        assert_private(response)
    assert client.get(path_of(paul)).status_code == 200


def test_a_release_no_longer_scheduled_is_not_shown(client, embargoed):
    [recipient] = brief(embargoed, "lea@quotidien.example")
    embargoed.revisions.update(approved_go_live_at=None)  # « Annuler la programmation »

    response = client.get(path_of(recipient))

    assert response.status_code == 404
    assert escape("n'est plus programmé") in response.content.decode()
    assert SECRET not in response.content.decode()


def test_at_the_lift_every_link_redirects_to_the_public_page(client, embargoed):
    lea, paul = brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")
    briefings.revoke(embargoed.briefing_recipients.filter(pk=paul.pk))

    lift(embargoed)

    for recipient in (lea, paul):
        response = client.get(path_of(recipient))
        assert response.status_code == 302
        assert response["Location"] == embargoed.url
        assert_private(response)
        pdf = client.get(path_of(recipient) + "communique.pdf")
        assert pdf["Location"] == f"{embargoed.url}pdf/"
    assert client.get(embargoed.url).status_code == 200


def test_the_pdf_carries_the_banner_and_is_never_stored(client, embargoed):
    [recipient] = brief(embargoed, "lea@quotidien.example")

    response = client.get(path_of(recipient) + "communique.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_private(response)
    text = pdf_text(response)
    assert "SOUS EMBARGO" in text and "10 décembre 2036" in text
    assert PARAGRAPH in text
    assert "lea@quotidien.example" in text
    assert not default_storage.exists(pdf_directory(embargoed))


def public_places(client, release):
    """Every public place a release shows up in, and whether it does."""
    feeds = [feedparser.parse(client.get(url).content) for url in ("/presse/rss/", "/presse/atom/")]
    return {
        "url": client.get(release.url).status_code == 200,
        "pdf": client.get(f"{release.url}pdf/").status_code == 200,
        "index": SECRET in client.get("/presse/").content.decode(),
        "feeds": any(SECRET in entry.title for feed in feeds for entry in feed.entries),
        "sitemap": release.slug in sitemap_xml(client),
        "search": release.title in client.get("/recherche/", {"q": SECRET}).content.decode(),
        "home": SECRET in client.get("/").content.decode(),
    }


def test_the_copy_is_never_in_the_page_cache_nor_anywhere_public(client, settings, embargoed):
    settings.PAGE_CACHE_ENABLED = True
    [recipient] = brief(embargoed, "lea@quotidien.example")
    url = path_of(recipient)

    for _attempt in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Cache" not in response
        assert_private(response)
        pdf = client.get(url + "communique.pdf")
        assert "X-Cache" not in pdf
    assert BriefingRecipient.objects.get(pk=recipient.pk).open_count == 2

    places = public_places(client, embargoed)
    assert not any(places.values()), places


# Staff ------------------------------------------------------------------------------------------


@pytest.fixture
def staff(client, admin_user):
    client.force_login(admin_user)
    return client


def briefing_url(release):
    return f"/admin/briefing/{release.pk}/"


def test_the_release_editor_offers_the_briefing(staff, embargoed):
    html = staff.get(f"/admin/pages/{embargoed.pk}/edit/").content.decode()
    assert "Briefing sous embargo" in html
    assert briefing_url(embargoed) in html


def test_staff_brief_subscribers_and_typed_in_addresses_by_email(
    staff, embargoed, mailoutbox, django_capture_on_commit_callbacks
):
    picked, _other = SubscriberFactory(name="Léa Martin"), SubscriberFactory()
    form = staff.get(briefing_url(embargoed)).content.decode()
    assert "Léa Martin (La Voix du Nord)" in form

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            briefing_url(embargoed),
            {"subscribers": [picked.pk], "addresses": "Paul@Hebdo.example\nzoe@radio.example"},
        )

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mailoutbox) == [
        picked.email,
        "paul@hebdo.example",
        "zoe@radio.example",
    ]
    # (Subjects are one line, no-break spaces kept: cms.text.one_line.)
    subject = f"Sous embargo jusqu'au 10 décembre 2036 à 10\u00a0h\u00a000\u00a0: {embargoed.title}"
    assert {message.subject for message in mailoutbox} == {subject}
    for message in mailoutbox:
        recipient = embargoed.briefing_recipients.get(email=message.to[0])
        assert briefings.link(recipient) in message.body
        assert PARAGRAPH not in message.body  # the text stays behind the revocable link
    # Typed-in addresses never join the press list.
    assert not Subscriber.objects.filter(email__in=["paul@hebdo.example", "zoe@radio.example"])
    mailing = Mailing.objects.get(kind=Mailing.Kind.BRIEFING)
    assert mailing.status == Mailing.Status.SENT
    assert mailing.deliveries.filter(status=Delivery.Status.SENT).count() == 3


def test_typed_in_addresses_are_checked_in_french(staff, embargoed, mailoutbox):
    response = staff.post(
        briefing_url(embargoed), {"addresses": "paul@hebdo.example, pas-une-adresse; @x"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Adresse(s) non valide(s)\u00a0: «\u00a0pas-une-adresse\u00a0», «\u00a0@x\u00a0»." in html
    )
    assert not BriefingRecipient.objects.exists()

    response = staff.post(briefing_url(embargoed), {"addresses": "  "})
    assert "Choisissez au moins un abonné ou saisissez au moins une adresse." in (
        response.content.decode()
    )
    assert mailoutbox == []


def test_extending_the_list_emails_the_new_journalists_only(
    staff, embargoed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(briefing_url(embargoed), {"addresses": "lea@quotidien.example"})
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(
            briefing_url(embargoed), {"addresses": "lea@quotidien.example paul@hebdo.example"}
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(briefing_url(embargoed), {"addresses": "LEA@quotidien.example"})

    assert [message.to for message in mailoutbox] == [
        ["lea@quotidien.example"],
        ["paul@hebdo.example"],
    ]
    assert response.status_code == 302
    assert embargoed.briefing_recipients.count() == 2


def test_each_link_is_emailed_exactly_once_whatever_the_mailings(embargoed, mailoutbox):
    brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")
    first = briefings.start_mailing(embargoed, None)
    second = briefings.start_mailing(embargoed, None)  # two tabs, a retried POST

    for mailing in (first, second, first, second):
        sending.send_mailing(mailing.pk)

    assert sorted(message.to[0] for message in mailoutbox) == [
        "lea@quotidien.example",
        "paul@hebdo.example",
    ]
    assert Delivery.objects.filter(briefing_recipient__isnull=False).count() == 2


def test_the_email_names_the_release_as_it_will_be_published(embargoed, mailoutbox):
    """The page's own row may hold an older title: the scheduled revision's is the one."""
    PressReleasePage.objects.filter(pk=embargoed.pk).update(title="Titre de travail")
    release = PressReleasePage.objects.get(pk=embargoed.pk)
    brief(release, "lea@quotidien.example")

    sending.send_mailing(briefings.start_mailing(release, None).pk)

    [message] = mailoutbox
    assert message.subject.endswith(f"\u00a0: {embargoed.title}")
    assert embargoed.title in message.body and "Titre de travail" not in message.body


def test_a_link_revoked_before_its_email_leaves_is_not_sent(embargoed, mailoutbox):
    lea, _paul = brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")
    mailing = briefings.start_mailing(embargoed, None)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    sending.queue_deliveries(mailing)
    briefings.revoke(embargoed.briefing_recipients.filter(pk=lea.pk))

    sending.send_mailing(mailing.pk)

    assert [message.to for message in mailoutbox] == [["paul@hebdo.example"]]
    assert Delivery.objects.get(briefing_recipient=lea).status == Delivery.Status.CANCELLED


def test_staff_see_openings_and_revoke_one_link_or_all(client, admin_user, embargoed):
    lea, paul = brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")
    client.get(path_of(lea))  # Léa opens her link
    client.force_login(admin_user)

    html = client.get(briefing_url(embargoed)).content.decode()
    assert "Ouvert 1 fois\u00a0: le " in html
    assert html.count("Pas encore ouvert") == 1

    response = client.post(f"{briefing_url(embargoed)}revoquer/{paul.pk}/")
    assert response.status_code == 302
    assert BriefingRecipient.objects.get(pk=paul.pk).is_revoked
    assert not BriefingRecipient.objects.get(pk=lea.pk).is_revoked
    assert "Révoqué le " in client.get(briefing_url(embargoed)).content.decode()

    assert client.get(f"{briefing_url(embargoed)}revoquer-tout/").status_code == 405
    client.post(f"{briefing_url(embargoed)}revoquer-tout/")
    assert not embargoed.briefing_recipients.filter(revoked_at__isnull=True).exists()


def test_the_briefing_is_refused_to_staff_who_cannot_publish_or_send(client, embargoed, editor):
    client.force_login(editor)

    response = client.get(briefing_url(embargoed))

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Briefing sous embargo" not in (
        client.get(f"/admin/pages/{embargoed.pk}/edit/").content.decode()
    )


def test_a_briefed_subscriber_still_gets_the_release_at_the_lift(
    press_index, mailoutbox, django_capture_on_commit_callbacks
):
    release = schedule(press_index)
    PressReleasePage.objects.filter(pk=release.pk).update(alert_subscribers=True)
    revision = release.scheduled_revision
    revision.content["alert_subscribers"] = True
    revision.save(update_fields=["content"])
    subscriber = SubscriberFactory()
    briefings.add_recipients(release, [subscriber], [], user=None)
    sending.send_mailing(briefings.start_mailing(release, None).pk)

    with django_capture_on_commit_callbacks(execute=True):
        lift(release)

    assert [message.to for message in mailoutbox] == [[subscriber.email], [subscriber.email]]
    assert mailoutbox[0].subject.startswith("Sous embargo jusqu'au")
    assert mailoutbox[1].subject == release.title


def test_erasing_a_briefed_subscriber_erases_their_link_and_keeps_the_counts(
    client, embargoed, mailoutbox
):
    subscriber = SubscriberFactory()
    briefings.add_recipients(embargoed, [subscriber], [], user=None)
    recipient = embargoed.briefing_recipients.get()
    sending.send_mailing(briefings.start_mailing(embargoed, None).pk)

    subscriber.erase()

    assert not BriefingRecipient.objects.exists()
    assert client.get(path_of(recipient)).status_code == 404
    delivery = Delivery.objects.get()
    assert (delivery.briefing_recipient, delivery.status) == (None, Delivery.Status.SENT)


# The lift before the emails left -------------------------------------------------------------


def test_a_briefing_email_still_queued_at_the_lift_is_cancelled_and_the_mailing_ends(
    client, admin_user, embargoed, mailoutbox, django_capture_on_commit_callbacks
):
    brief(embargoed, "lea@quotidien.example", "paul@hebdo.example")
    mailing = briefings.start_mailing(embargoed, None)  # the worker has not run yet

    with django_capture_on_commit_callbacks(execute=True):
        lift(embargoed)

    assert mailoutbox == []
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT  # final: nothing failed, nothing left
    assert mailing.finished_at is not None
    deliveries = Delivery.objects.filter(mailing=mailing)
    assert sorted(deliveries.values_list("briefing_recipient__email", "status", "error")) == [
        ("lea@quotidien.example", "cancelled", "embargo levé avant l'envoi"),
        ("paul@hebdo.example", "cancelled", "embargo levé avant l'envoi"),
    ]
    assert Mailing.objects.with_counts().get(pk=mailing.pk).count_cancelled == 2
    client.force_login(admin_user)
    html = client.get(briefing_url(embargoed)).content.decode()
    assert html.count("annulé (embargo levé avant l&#x27;envoi)") == 2
    listing = client.get(reverse("mailing_mailing_modeladmin_index")).content.decode()
    assert "Annulés" in listing
    sending.send_mailing(mailing.pk)  # a late task changes nothing
    assert mailoutbox == []


def test_the_worker_ends_a_briefing_it_meets_after_the_lift(embargoed, mailoutbox):
    """A worker died mid-mailing (one email sent, one in flight, one queued); the release was
    published meanwhile: the next `send_mailings` run sends nothing more and ends the mailing."""
    sent, in_flight, queued = brief(
        embargoed, "lea@quotidien.example", "paul@hebdo.example", "zoe@radio.example"
    )
    mailing = briefings.start_mailing(embargoed, None)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.SENDING)
    sending.queue_deliveries(mailing)
    deliveries = Delivery.objects.filter(mailing=mailing)
    deliveries.filter(briefing_recipient=sent).update(
        status=Delivery.Status.SENT, sent_at=timezone.now()
    )
    long_ago = timezone.now() - sending.LEASE - datetime.timedelta(minutes=1)
    deliveries.filter(briefing_recipient=in_flight).update(
        status=Delivery.Status.SENDING, claimed_at=long_ago
    )
    # Published without the signal that would have ended the mailing at once.
    PressReleasePage.objects.filter(pk=embargoed.pk).update(live=True)

    call_command("send_mailings", stdout=io.StringIO())

    assert mailoutbox == []
    assert dict(deliveries.values_list("briefing_recipient", "status")) == {
        sent.pk: Delivery.Status.SENT,
        in_flight.pk: Delivery.Status.UNCERTAIN,  # maybe sent: left to staff, never resent
        queued.pk: Delivery.Status.CANCELLED,
    }
    assert deliveries.get(briefing_recipient=queued).error == "embargo levé avant l'envoi"
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.PARTIAL


def test_a_briefing_sent_before_the_lift_is_left_as_it_was(
    embargoed, mailoutbox, django_capture_on_commit_callbacks
):
    brief(embargoed, "lea@quotidien.example")
    mailing = briefings.start_mailing(embargoed, None)
    sending.send_mailing(mailing.pk)
    finished_at = Mailing.objects.get(pk=mailing.pk).finished_at

    with django_capture_on_commit_callbacks(execute=True):
        lift(embargoed)

    mailing.refresh_from_db()
    assert (mailing.status, mailing.finished_at) == (Mailing.Status.SENT, finished_at)
    assert Delivery.objects.get().status == Delivery.Status.SENT
    assert len(mailoutbox) == 1


# Retention of the addresses typed in (RGPD) ------------------------------------------------------


def lifted_days_ago(release, days):
    """The release went live `days` ago, its links given before."""
    past = timezone.now() - datetime.timedelta(days=days, hours=1)
    PressReleasePage.objects.filter(pk=release.pk).update(first_published_at=past)
    release.briefing_recipients.update(created_at=past - datetime.timedelta(days=1))


def test_typed_in_addresses_are_erased_30_days_after_the_lift_counts_kept(
    client, admin_user, press_index, mailoutbox
):
    old = schedule(press_index, "levee-ancienne")
    subscriber = SubscriberFactory()
    briefings.add_recipients(old, [subscriber], [], user=None)
    lea, paul = brief(old, "lea@quotidien.example", "paul@hebdo.example")
    sending.send_mailing(briefings.start_mailing(old, None).pk)
    client.get(path_of(lea))
    client.get(path_of(lea))
    lift(old)
    lifted_days_ago(old, 31)
    recent = schedule(press_index, "levee-recente")
    [zoe] = brief(recent, "zoe@radio.example")
    lift(recent)
    lifted_days_ago(recent, 29)

    call_command("purge_unconfirmed_subscribers", stdout=(out := io.StringIO()))

    assert "2 adresse(s) saisie(s) de briefing effacée(s)." in out.getvalue()
    old_links = old.briefing_recipients.order_by("pk")
    assert list(old_links.values_list("email", "subscriber", "open_count")) == [
        (subscriber.email, subscriber.pk, 0),  # on the list by consent: kept with the subscriber
        ("", None, 2),
        ("", None, 0),
    ]
    assert BriefingRecipient.objects.get(pk=zoe.pk).email == "zoe@radio.example"
    assert (
        list(
            Delivery.objects.filter(briefing_recipient__release=old).values_list(
                "status", flat=True
            )
        )
        == [Delivery.Status.SENT] * 3
    )
    assert "lea@quotidien.example" not in str(list(Delivery.objects.all()))
    assert client.get(path_of(lea))["Location"] == old.url  # the link still leads to the page
    client.force_login(admin_user)
    html = client.get(briefing_url(old)).content.decode()
    assert html.count("adresse effacée") == 2 and "paul@hebdo.example" not in html
    assert "Ouvert 2 fois" in html


def test_the_retention_delay_is_a_setting(settings, press_index):
    settings.MAILING_BRIEFING_RETENTION_DAYS = 7
    release = schedule(press_index)
    [lea] = brief(release, "lea@quotidien.example")
    lift(release)
    lifted_days_ago(release, 8)
    unlifted = schedule(press_index, "toujours-sous-embargo")
    [paul] = brief(unlifted, "paul@hebdo.example")
    BriefingRecipient.objects.filter(pk=paul.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )

    call_command("purge_unconfirmed_subscribers", stdout=io.StringIO())

    assert BriefingRecipient.objects.get(pk=lea.pk).is_erased
    assert not BriefingRecipient.objects.get(pk=paul.pk).is_erased  # its embargo still holds


def test_typed_in_addresses_of_a_cancelled_schedule_are_erased_after_the_delay(
    settings, press_index
):
    settings.MAILING_BRIEFING_RETENTION_DAYS = 7
    cancelled = schedule(press_index)
    [lea] = brief(cancelled, "lea@quotidien.example")
    revision = cancelled.scheduled_revision
    revision.approved_go_live_at = None  # « Annuler la programmation », as Wagtail's view does
    revision.save(update_fields=["approved_go_live_at"])
    still_scheduled = schedule(press_index, "toujours-sous-embargo")
    [paul] = brief(still_scheduled, "paul@hebdo.example")
    a_week_ago = timezone.now() - datetime.timedelta(days=8)
    BriefingRecipient.objects.update(created_at=a_week_ago)

    call_command("purge_unconfirmed_subscribers", stdout=io.StringIO())

    assert BriefingRecipient.objects.get(pk=lea.pk).is_erased
    assert not BriefingRecipient.objects.get(pk=paul.pk).is_erased  # its embargo still holds


# `manage.py embargo_link` ------------------------------------------------------------------------


def test_embargo_link_prints_and_records_a_personal_link(client, embargoed, capsys):
    call_command("embargo_link", embargoed.slug, "Lea@Quotidien.example")
    printed = capsys.readouterr().out.strip()
    recipient = embargoed.briefing_recipients.get()

    assert recipient.email == "lea@quotidien.example"
    assert printed == briefings.link(recipient)
    call_command("embargo_link", embargoed.slug, "lea@quotidien.example")
    assert capsys.readouterr().out.strip() == printed
    assert BANNER in client.get(printed.removeprefix("http://testserver")).content.decode()


def test_embargo_link_refuses_what_is_not_under_embargo(press_index, embargoed):
    live = PressReleasePageFactory(parent=press_index, slug="deja-en-ligne")
    for slug, email, message in (
        ("inconnu", "lea@quotidien.example", "Aucun communiqué"),
        (live.slug, "lea@quotidien.example", "n'est pas sous embargo"),
        (embargoed.slug, "pas-une-adresse", "Adresse non valide"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("embargo_link", slug, email)
    assert not BriefingRecipient.objects.exists()


# The dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_counts_the_links_opened_and_given(client, admin_user, embargoed):
    lea, _paul, zoe = brief(
        embargoed, "lea@quotidien.example", "paul@hebdo.example", "zoe@radio.example"
    )
    client.get(path_of(lea))
    briefings.revoke(embargoed.briefing_recipients.filter(pk=zoe.pk))
    client.force_login(admin_user)

    html = client.get("/admin/").content.decode()

    assert "liens de briefing ouverts\u00a0: 1 sur 2" in html


def test_the_press_panel_reads_a_constant_number_of_queries_with_briefings(
    rf, admin_user, press_index
):
    request = rf.get("/admin/")
    request.user = admin_user

    def count():
        with CaptureQueriesContext(connection) as queries:
            PressPanel().render_html({"request": request, "csrf_token": ""})
        return len(queries)

    release = schedule(press_index, "embargo-1", LIFT)
    brief(release, "a1@example.org")
    few = count()
    for number in range(2, 6):
        release = schedule(press_index, f"embargo-{number}", LIFT + datetime.timedelta(number))
        brief(release, *(f"a{n}@example.org" for n in range(number)))
    assert count() == few


# The demo ---------------------------------------------------------------------------------------


def test_the_demo_has_a_scheduled_release_with_a_briefing(client, admin_user, demo_site):
    release = PressReleasePage.objects.get(slug="exemple-budget-participatif-sous-embargo")
    opened, waiting = release.briefing_recipients.order_by("-open_count")

    assert not release.live and briefings.lift_at(release) > timezone.now()
    assert (opened.open_count, waiting.open_count) == (1, 0)
    assert not Subscriber.objects.exists()
    assert client.get(release.url).status_code == 404
    client.force_login(admin_user)
    assert "liens de briefing ouverts\u00a0: 1 sur 2" in client.get("/admin/").content.decode()
    assert "SOUS EMBARGO" in client.get(path_of(waiting)).content.decode()


# Queries ----------------------------------------------------------------------------------------


def queries_of(client, url):
    client.get(url)  # settings rows, renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_link_and_the_staff_screen_read_a_constant_number_of_queries(
    client, admin_user, embargoed
):
    SubscriberFactory()  # offered on the staff screen
    [first] = brief(embargoed, "a0@example.org")
    sending.send_mailing(briefings.start_mailing(embargoed, None).pk)
    link_queries = queries_of(client, path_of(first))
    client.force_login(admin_user)
    screen_queries = queries_of(client, briefing_url(embargoed))
    client.logout()

    picked = SubscriberFactory.create_batch(5)
    SubscriberFactory.create_batch(3)
    briefings.add_recipients(embargoed, picked, [], user=None)
    brief(embargoed, *(f"a{number}@example.org" for number in range(1, 6)))
    sending.send_mailing(briefings.start_mailing(embargoed, None).pk)
    for recipient in embargoed.briefing_recipients.all()[:4]:
        client.get(path_of(recipient))
    briefings.revoke(embargoed.briefing_recipients.filter(email="a5@example.org"))

    assert queries_of(client, path_of(first)) == link_queries
    client.force_login(admin_user)
    assert queries_of(client, briefing_url(embargoed)) == screen_queries


# Picking subscribers: a search, never the whole list -----------------------------------------


def confirmed(count, outlet="Le Quotidien", start=0):
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"abonne{number}@{outlet.lower().replace(' ', '-')}.example",
            name=f"Abonné {number}",
            outlet=outlet,
            status=Subscriber.Status.ACTIVE,
        )
        for number in range(start, start + count)
    )


def offered_on(html):
    return html.count('name="subscribers"')


def test_staff_find_subscribers_by_name_email_or_outlet(staff, embargoed):
    SubscriberFactory(name="Léa Martin", outlet="Le Quotidien", email="lea@quotidien.example")
    SubscriberFactory(name="Paul Durand", outlet="L'Hebdo", email="paul@hebdo.example")
    SubscriberFactory(name="Zoé Morel", outlet="Radio Nord", status=Subscriber.Status.PENDING)

    def found(search):
        html = staff.get(briefing_url(embargoed), {"q": search}).content.decode()
        return {name for name in ("Léa Martin", "Paul Durand", "Zoé Morel") if name in html}

    assert found("") == {"Léa Martin", "Paul Durand"}  # confirmed subscribers only
    assert found("martin") == {"Léa Martin"}
    assert found("hebdo") == {"Paul Durand"}
    assert found("LEA@quotidien") == {"Léa Martin"}
    assert found("Durand Hebdo") == {"Paul Durand"}  # every word, in any field
    assert found("lea martin") == found("LÉA") == {"Léa Martin"}  # accents and case aside
    assert found("l’hebdo") == {"Paul Durand"}  # a typographic apostrophe too
    assert found("Zoé") == set()
    html = staff.get(briefing_url(embargoed), {"q": "<b>personne</b>"}).content.decode()
    assert (
        "Aucun abonné confirmé sans lien ne correspond à «\u00a0&lt;b&gt;personne&lt;/b&gt;\u00a0»"
        in html
    )


def test_at_most_50_subscribers_are_listed_and_the_search_says_to_narrow_it(staff, embargoed):
    confirmed(60)
    confirmed(3, outlet="Radio Nord")

    html = staff.get(briefing_url(embargoed)).content.decode()
    assert offered_on(html) == 50
    assert "Seuls les 50 premiers sont affichés\u00a0: précisez la recherche" in html

    html = staff.get(briefing_url(embargoed), {"q": "radio"}).content.decode()
    assert offered_on(html) == 3
    assert "précisez la recherche" not in html


def test_a_subscriber_found_by_a_search_is_briefed_and_no_longer_offered(
    staff, embargoed, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed(60)
    late = SubscriberFactory(name="Zoé Morel", outlet="Radio Nord")  # beyond the first 50
    assert "Zoé Morel" not in staff.get(briefing_url(embargoed)).content.decode()
    page = staff.get(briefing_url(embargoed), {"q": "morel"}).content.decode()
    assert f'value="{late.pk}"' in page and 'action="?q=morel"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(f"{briefing_url(embargoed)}?q=morel", {"subscribers": [late.pk]})

    assert response.status_code == 302
    assert [message.to for message in mailoutbox] == [[late.email]]
    assert "Zoé Morel (Radio Nord) —" not in (
        staff.get(briefing_url(embargoed), {"q": "morel"}).content.decode()
    )


def test_a_form_sent_back_for_an_error_keeps_the_subscribers_ticked(staff, embargoed):
    confirmed(60)
    late = SubscriberFactory(name="Zoé Morel", outlet="Radio Nord")

    response = staff.post(
        briefing_url(embargoed), {"subscribers": [late.pk], "addresses": "pas-une-adresse"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Adresse(s) non valide(s)" in html
    assert re.search(rf'<input[^>]*value="{late.pk}"[^>]*checked', html)
    assert offered_on(html) == 50
    assert not BriefingRecipient.objects.exists()
    refused = staff.post(briefing_url(embargoed), {"subscribers": ["x"], "addresses": ""})
    assert refused.status_code == 200
    assert "n’est pas une valeur correcte" in refused.content.decode()


def test_the_staff_screen_reads_as_many_queries_for_10_subscribers_as_for_300(staff, embargoed):
    confirmed(10)
    brief(embargoed, "a0@example.org")
    few = queries_of(staff, briefing_url(embargoed))
    few_found = queries_of(staff, f"{briefing_url(embargoed)}?q=abonn%C3%A9+1")

    confirmed(290, start=10)
    brief(embargoed, *(f"a{number}@example.org" for number in range(1, 6)))

    assert queries_of(staff, briefing_url(embargoed)) == few
    assert queries_of(staff, f"{briefing_url(embargoed)}?q=abonn%C3%A9+1") == few_found

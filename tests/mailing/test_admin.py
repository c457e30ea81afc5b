import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from press.mailing.models import Delivery, Mailing, Subscriber
from tests.factories.mailing import DeliveryFactory, MailingFactory, SubscriberFactory

from .conftest import make_release

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/mailing/subscriber/"


@pytest.fixture
def admin(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    """May see and manage subscribers, but not export them nor send releases."""
    user = django_user_model.objects.create_user("editor", "editor@example.org", "pw")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "access_admin",
                "view_subscriber",
                "change_subscriber",
                "delete_subscriber",
            ]
        )
    )
    client.force_login(user)
    return client


def refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def len_of_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def send_url(release):
    return f"/admin/liste-presse/communique/{release.pk}/envoyer/"


def test_release_edit_page_has_the_send_button(admin, release):
    html = admin.get(f"/admin/pages/{release.pk}/edit/").content.decode()

    assert "Envoyer aux journalistes" in html
    assert send_url(release) in html


def test_send_release_confirms_the_count_then_sends(
    admin, release, mailoutbox, django_capture_on_commit_callbacks
):
    SubscriberFactory.create_batch(3)

    form = admin.get(send_url(release))
    assert form.status_code == 200
    assert release.title in form.content.decode()

    confirm = admin.post(send_url(release), {})
    assert "3 destinataires" in confirm.content.decode()
    assert not Mailing.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(send_url(release), {"confirm": "1"})

    assert response.status_code == 302
    mailing = Mailing.objects.get()
    assert mailing.subject == release.title
    assert mailing.status == Mailing.Status.SENT
    assert len(mailoutbox) == 3


def test_send_release_to_a_topic_segment(admin, press_index, django_capture_on_commit_callbacks):
    local = Tag.objects.create(name="Local", slug="local")
    release = make_release(press_index)
    release.topics.add(local)
    release.save_revision().publish()
    SubscriberFactory().topics.add(local)
    SubscriberFactory().topics.add(Tag.objects.create(name="Autre", slug="autre"))

    confirm = admin.post(send_url(release), {"topics": [local.pk]})

    assert "1 destinataire" in confirm.content.decode()


def test_scheduled_release_can_only_wait_for_the_embargo(
    admin, press_index, mailoutbox, django_capture_on_commit_callbacks
):
    release = make_release(press_index, publish=False, slug="embargo")
    release.save_revision(approved_go_live_at=timezone.now() + timedelta(days=1))
    SubscriberFactory()

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(send_url(release), {"confirm": "1"})

    mailing = Mailing.objects.get()
    assert mailing.status == Mailing.Status.WAITING
    assert mailing.send_at_embargo
    assert mailoutbox == []


def test_a_draft_without_schedule_cannot_be_sent(admin, press_index):
    draft = make_release(press_index, publish=False, slug="brouillon")

    response = admin.post(send_url(draft), {"confirm": "1"})

    assert response.status_code == 302
    assert not Mailing.objects.exists()


def test_sending_needs_the_permission(editor, release):
    assert refused(editor.get(send_url(release)))
    assert refused(editor.post(send_url(release), {"confirm": "1"}))
    assert not Mailing.objects.exists()


def test_subscriber_listing_search_and_filters(admin):
    local = Tag.objects.create(name="Local", slug="local")
    SubscriberFactory(email="alice@voix.example", outlet="La Voix du Nord").topics.add(local)
    SubscriberFactory(email="bob@france3.example", outlet="France 3 Hauts-de-France")
    SubscriberFactory(email="carl@nord.example", status=Subscriber.Status.UNSUBSCRIBED)

    assert "alice@voix.example" in admin.get(SUBSCRIBERS, {"q": "voix"}).content.decode()
    assert "bob@" not in admin.get(SUBSCRIBERS, {"q": "voix"}).content.decode()
    by_status = admin.get(SUBSCRIBERS, {"status__exact": "unsubscribed"}).content.decode()
    assert "carl@nord.example" in by_status
    assert "alice@" not in by_status
    by_topic = admin.get(SUBSCRIBERS, {"topics__id__exact": local.pk}).content.decode()
    assert "alice@voix.example" in by_topic
    assert "bob@" not in by_topic


def test_subscriber_listing_query_count_does_not_grow(admin, django_assert_num_queries):
    local = Tag.objects.create(name="Local", slug="local")
    for subscriber in SubscriberFactory.create_batch(2):
        subscriber.topics.add(local)
    admin.get(SUBSCRIBERS)  # warms the caches
    expected = len_of_queries(admin, SUBSCRIBERS)
    for subscriber in SubscriberFactory.create_batch(10):
        subscriber.topics.add(local)

    with django_assert_num_queries(expected):
        admin.get(SUBSCRIBERS)


def test_csv_export_with_the_dedicated_permission(admin):
    SubscriberFactory(email="alice@voix.example", name="Alice")

    response = admin.get(SUBSCRIBERS, {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert any("alice@voix.example" in row for row in rows)


def test_csv_export_is_refused_without_the_permission(editor):
    SubscriberFactory(email="alice@voix.example")

    listing = editor.get(SUBSCRIBERS)
    assert listing.status_code == 200
    assert "export=csv" not in listing.content.decode()
    for export_format in ("csv", "xlsx"):
        response = editor.get(SUBSCRIBERS, {"export": export_format})
        assert refused(response)
        assert "alice@voix.example" not in response.content.decode()


def test_unsubscribe_from_the_admin(editor):
    subscriber = SubscriberFactory()
    url = f"/admin/liste-presse/abonne/{subscriber.pk}/desabonner/"

    assert editor.get(url).status_code == 200
    assert editor.post(url).status_code == 302

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_erasure_removes_personal_data_and_keeps_the_counts(editor):
    delivery = DeliveryFactory(status=Delivery.Status.DELIVERED, delivered_at=timezone.now())
    subscriber = delivery.subscriber
    url = f"/admin/liste-presse/abonne/{subscriber.pk}/effacer/"

    assert editor.post(url).status_code == 302

    assert not Subscriber.objects.filter(email=subscriber.email).exists()
    delivery.refresh_from_db()
    assert delivery.subscriber is None
    counts = Mailing.objects.with_counts().get()
    assert (counts.count_sent, counts.count_delivered) == (1, 1)


def test_mailing_listing_shows_counts_without_a_query_per_row(admin, django_assert_num_queries):
    mailing = MailingFactory()
    DeliveryFactory(mailing=mailing)
    DeliveryFactory(mailing=mailing, status=Delivery.Status.BOUNCED)
    DeliveryFactory(mailing=mailing, status=Delivery.Status.OPENED, opened_at=timezone.now())
    url = "/admin/mailing/mailing/"
    admin.get(url)
    expected = len_of_queries(admin, url)

    html = admin.get(url).content.decode()
    assert mailing.subject in html

    for _ in range(4):
        DeliveryFactory(mailing=MailingFactory())
    with django_assert_num_queries(expected):
        admin.get(url)
    inspect = admin.get(f"/admin/mailing/mailing/inspect/{mailing.pk}/").content.decode()
    assert "envoyés\u00a0: 3" in inspect
    assert "en échec\u00a0: 1" in inspect
    assert "ouverts\u00a0: 1" in inspect


def test_mailings_cannot_be_created_or_edited_by_hand(admin):
    mailing = MailingFactory()

    assert refused(admin.get("/admin/mailing/mailing/create/"))
    assert refused(admin.get(f"/admin/mailing/mailing/edit/{mailing.pk}/"))


def test_delivery_listing_shows_erased_recipients_anonymised(admin):
    delivery = DeliveryFactory()
    delivery.subscriber.erase()

    html = admin.get("/admin/mailing/delivery/").content.decode()

    assert "abonné effacé" in html

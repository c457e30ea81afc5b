import re
import time

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from cms.models import SiteSettings
from press.mailing.forms import CONSENT_TEXT
from press.mailing.models import Subscriber
from press.mailing.tokens import CONFIRM_MAX_AGE, make_confirm_token
from tests.factories.mailing import PendingSubscriberFactory, SubscriberFactory
from tests.factories.press import PressReleasePageFactory

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/liste-presse/abonnement/"
VALID = {
    "email": "Claire.Martin@Media.example",
    "name": "Claire Martin",
    "outlet": "La Voix du Nord",
    "consent": "on",
    "source": "/presse/",
}


def link_in(message):
    return re.search(r"http://testserver(/liste-presse/\S+/)", message.body).group(1)


def test_subscribe_page_has_a_labelled_form_and_the_privacy_link(client, home_page):
    privacy = home_page.get_children().first()
    settings = SiteSettings.for_site(home_page.get_site())
    settings.privacy_page = privacy
    settings.save()

    response = client.get(SUBSCRIBE_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Recevoir nos communiqués" in html
    assert '<label for="id_email">' in html
    assert str(CONSENT_TEXT).replace("'", "&#x27;") in html
    assert f'href="{privacy.url}"' in html
    assert 'tabindex="-1"' in html  # the honeypot is out of the keyboard order


def test_opt_in_end_to_end(client, mailoutbox):
    response = client.post(SUBSCRIBE_URL, VALID)

    assert response.status_code == 302
    assert response["Location"] == "/liste-presse/abonnement/merci/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "claire.martin@media.example"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_text == str(CONSENT_TEXT)
    assert subscriber.source_url == "http://testserver/presse/"
    assert len(mailoutbox) == 1
    confirmation = mailoutbox[0]
    assert confirmation.to == ["claire.martin@media.example"]
    assert "Confirmez votre abonnement" in confirmation.subject
    link = link_in(confirmation)
    assert link in confirmation.alternatives[0][0]

    # Following the link shows a button; a scanner's GET confirms nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert "Je confirme mon abonnement" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    done = client.post(link)

    assert done.status_code == 200
    assert "Abonnement confirmé" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None


def test_a_foreign_source_is_not_stored(client):
    client.post(SUBSCRIBE_URL, {**VALID, "source": "https://evil.example/"})

    assert Subscriber.objects.get().source_url == "http://testserver/liste-presse/abonnement/"


def test_tampered_token_is_refused_in_french(client):
    subscriber = PendingSubscriberFactory()
    token = make_confirm_token(subscriber)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")

    for method in (client.get, client.post):
        response = method(reverse("mailing:confirm", args=[tampered]))
        assert response.status_code == 400
        assert "Ce lien n&#x27;est pas valide" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_token_for_another_address_is_refused(client):
    subscriber = PendingSubscriberFactory()
    other = PendingSubscriberFactory()
    forged = signing.TimestampSigner(salt="press.mailing.confirm").sign_object(
        {"id": subscriber.pk, "email": other.email}
    )

    response = client.post(reverse("mailing:confirm", args=[forged]))

    assert response.status_code == 400
    assert Subscriber.objects.filter(status=Subscriber.Status.ACTIVE).count() == 0


@pytest.mark.parametrize("token", ["x", "not:a:token", "é" * 300, "a" * 5000])
def test_garbage_tokens_are_400(client, token):
    assert client.get(reverse("mailing:confirm", args=[token])).status_code == 400
    assert client.post(reverse("mailing:unsubscribe", args=[token])).status_code == 400


def test_expired_token_is_refused_in_french(client, monkeypatch):
    subscriber = PendingSubscriberFactory()
    past = int(time.time() - CONFIRM_MAX_AGE.total_seconds() - 60)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(past))
    token = make_confirm_token(subscriber)
    monkeypatch.undo()

    response = client.post(reverse("mailing:confirm", args=[token]))

    assert response.status_code == 400
    assert "Ce lien de confirmation a expiré" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_existing_address_gets_the_same_answer_and_no_new_row(client, mailoutbox):
    active = SubscriberFactory(email="deja@media.example", name="Déjà Là")
    first = client.post(SUBSCRIBE_URL, {**VALID, "email": "nouveau@media.example"})
    second = client.post(SUBSCRIBE_URL, {**VALID, "email": "DEJA@media.example"})

    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert Subscriber.objects.count() == 2
    active.refresh_from_db()
    assert active.name == "Déjà Là"  # data of a confirmed subscriber untouched
    assert active.status == Subscriber.Status.ACTIVE
    notice = mailoutbox[1]
    assert notice.to == ["deja@media.example"]
    assert "déjà inscrite" in notice.subject
    assert "/liste-presse/confirmation/" not in notice.body


def test_resubmitting_a_pending_address_keeps_one_row(client, mailoutbox):
    client.post(SUBSCRIBE_URL, VALID)
    client.post(SUBSCRIBE_URL, {**VALID, "name": "Claire Martin-Durand"})

    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Claire Martin-Durand"
    assert len(mailoutbox) == 2


def test_honeypot_stores_nothing(client, mailoutbox):
    response = client.post(SUBSCRIBE_URL, {**VALID, "website": "http://spam.example"})

    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_rate_limit_answers_429_in_french(client, mailoutbox):
    for n in range(5):
        assert client.post(SUBSCRIBE_URL, {**VALID, "email": f"r{n}@media.example"}).status_code
    response = client.post(SUBSCRIBE_URL, {**VALID, "email": "trop@media.example"})

    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert not Subscriber.objects.filter(email="trop@media.example").exists()
    # Another address (IP) is not affected.
    other = Client(REMOTE_ADDR="10.0.0.2").post(
        SUBSCRIBE_URL, {**VALID, "email": "autre@media.example"}
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "pas-une-adresse", "Saisissez une adresse électronique valide"),
        ("email", "a@b@media.example", "Saisissez une adresse électronique valide"),
        ("email", "", "Indiquez votre adresse électronique"),
        ("email", "a" * 10_000 + "@media.example", "au plus 254 caractères"),
        ("name", "x" * 10_000, "au plus 150 caractères"),
        ("outlet", "x" * 10_000, "au plus 200 caractères"),
        ("topics", "sujet-inconnu", "Thème inconnu\u00a0: «\u00a0sujet-inconnu\u00a0»"),
        ("topics", "<script>x</script>" * 600, "Thème inconnu"),
        ("consent", "", "Cochez la case"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client, mailoutbox, field, value, message):
    response = client.post(SUBSCRIBE_URL, {**VALID, field: value})

    html = response.content.decode()
    assert response.status_code == 200
    assert message.replace("'", "&#x27;") in html
    assert "<script>x" not in html
    assert f'aria-describedby="id_{field}-errors"' in html
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_a_tag_that_is_not_a_release_topic_is_unknown(client):
    Tag.objects.create(name="Hors sujet", slug="hors-sujet")

    response = client.post(SUBSCRIBE_URL, {**VALID, "topics": "hors-sujet"})

    assert "Thème inconnu" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_unsubscribe_get_asks_post_unsubscribes_idempotently(client):
    from press.mailing.tokens import make_unsubscribe_token

    subscriber = SubscriberFactory()
    url = reverse("mailing:unsubscribe", args=[make_unsubscribe_token(subscriber)])

    page = client.get(url)
    assert page.status_code == 200
    assert "Confirmer le désabonnement" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE

    for _ in range(2):
        response = client.post(url)
        assert response.status_code == 200
        assert "Désabonnement effectué" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_one_click_unsubscribe_post_needs_no_csrf_token(db):
    from press.mailing.tokens import make_unsubscribe_token

    subscriber = SubscriberFactory()
    url = reverse("mailing:unsubscribe", args=[make_unsubscribe_token(subscriber)])
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_subscription_needs_no_csrf_token(mailoutbox):
    response = Client(enforce_csrf_checks=True).post(SUBSCRIBE_URL, VALID)

    assert (response.status_code, response["Location"]) == (302, "/liste-presse/abonnement/merci/")
    assert Subscriber.objects.get().email == "claire.martin@media.example"
    assert len(mailoutbox) == 1


def test_a_subscription_from_this_site_is_accepted():
    response = Client(enforce_csrf_checks=True).post(
        SUBSCRIBE_URL, VALID, headers={"Origin": "http://testserver"}
    )

    assert response.status_code == 302
    assert Subscriber.objects.exists()


@pytest.mark.parametrize("origin", ["https://evil.example", "https://testserver", "null"])
def test_a_subscription_posted_from_another_site_is_refused_in_french(mailoutbox, origin):
    response = Client(enforce_csrf_checks=True).post(
        SUBSCRIBE_URL, VALID, headers={"Origin": origin}
    )

    assert response.status_code == 403
    assert "Ce formulaire ne peut être envoyé que depuis notre site" in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_the_press_room_form_has_no_csrf_token_so_the_page_is_public(client, press_index, settings):
    settings.PAGE_CACHE_ENABLED = True
    for _ in range(2):  # rendered, then served from the page cache
        response = client.get(press_index.url)

        html = response.content.decode()
        assert 'action="/liste-presse/abonnement/"' in html
        assert "csrfmiddlewaretoken" not in html
        assert settings.CSRF_COOKIE_NAME not in response.cookies
        assert "public" in response["Cache-Control"]
        assert "private" not in response["Cache-Control"]


def test_purge_removes_only_old_unconfirmed_requests():
    from datetime import timedelta

    from django.utils import timezone

    old = timezone.now() - timedelta(days=31)
    PendingSubscriberFactory(email="vieux@media.example", requested_at=old)
    PendingSubscriberFactory(email="recent@media.example")
    SubscriberFactory(email="confirme@media.example", requested_at=old)

    call_command("purge_unconfirmed_subscribers", verbosity=0)

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "recent@media.example",
        "confirme@media.example",
    }


def test_the_form_can_be_embedded_in_any_page(rf):
    from django.template import Context, Template

    request = rf.get("/presse/")
    html = Template("{% load mailing_tags %}{% mailing_subscribe_form %}").render(
        Context({"request": request})
    )

    assert '<h2 id="mailing-subscribe-title">Recevoir nos communiqués</h2>' in html
    assert 'action="/liste-presse/abonnement/"' in html
    assert 'name="source" value="/presse/"' in html


def test_a_refused_form_keeps_the_chosen_topics_and_frequency(client, press_index):
    PressReleasePageFactory(parent=press_index, topics=["Jeunesse", "Budget"])
    response = client.post(
        SUBSCRIBE_URL, {**VALID, "email": "", "topics": "jeunesse", "frequency": "weekly"}
    )

    html = response.content.decode()
    assert re.search(r'<input type="checkbox" name="topics" value="jeunesse" [^>]*checked>', html)
    assert not re.search(r'value="budget" [^>]*checked', html)
    assert re.search(r'<input type="radio" name="frequency" value="weekly" [^>]*checked>', html)
    assert not re.search(r'value="immediate" [^>]*checked', html)

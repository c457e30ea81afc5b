"""In Debian's Chromium: a commune's officer signals a practice, the team publishes it."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from practices.census.models import PracticeSubmission
from practices.models import PracticePage
from tests.browser import log_in

from .files import jpeg_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_from_the_public_form_to_the_catalogue(live_server, browser_page, catalogue, lille):
    page = browser_page
    get_user_model().objects.create_superuser("equipe", "equipe@coeur.example", "motdepasse")

    # 1. The public form, as a municipal officer fills it in.
    page.goto(live_server.url + "/bonnes-pratiques/proposer/")
    expect(page.locator("h1")).to_have_text("Signaler une bonne pratique")
    page.locator("#id_commune").select_option(label="Lille (59350)")
    page.get_by_label("Nom de la pratique").fill("Budget participatif des quartiers")
    page.get_by_label("Budget participatif", exact=True).check()
    page.get_by_label("Cadre de vie").check()
    page.get_by_label("Date de début").fill("2023-03-01")
    page.get_by_label("Nombre de participants").fill("1200")
    page.get_by_label("Description\u00a0: en quoi consiste la pratique\u00a0?").fill(
        "Les habitants proposent puis votent des projets pour leur quartier."
    )
    page.get_by_label("Documents et photos").set_input_files(
        [{"name": "atelier.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    page.get_by_label("Vos prénom et nom").fill("Camille Martin")
    page.get_by_label("Votre fonction").fill("Chargée de mission participation")
    page.get_by_label("Votre adresse électronique").fill("camille.martin@mairie.example")
    page.get_by_label("J'accepte que le collectif").check()
    page.get_by_role("button", name="Envoyer la pratique").click()
    expect(page.locator("h1")).to_have_text("Merci pour votre contribution")
    submission = PracticeSubmission.objects.get()
    assert submission.attachments.count() == 1

    # 2. The team sees it in the admin and creates the draft.
    log_in(page, live_server.url, "equipe", "motdepasse")
    page.goto(live_server.url + "/admin/census/practicesubmission/")
    expect(page.get_by_text("Budget participatif des quartiers").first).to_be_visible()
    page.goto(live_server.url + f"/admin/census/practicesubmission/inspect/{submission.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Créer une fiche brouillon").click()
    draft = PracticePage.objects.get()
    assert f"/admin/pages/{draft.pk}/edit/" in page.url
    assert not draft.live

    # 3. Publish it from the page editor.
    with page.expect_navigation():
        # In the « more actions » menu of the editor's footer.
        page.locator("button[name=action-publish]").evaluate("button => button.click()")
    draft.refresh_from_db()
    assert draft.live
    assert [message.subject for message in mail.outbox][-1] == (
        "Votre pratique «\u00a0Budget participatif des quartiers\u00a0» est en ligne"
    )

    # 4. Find it in the catalogue.
    page.goto(live_server.url + "/bonnes-pratiques/")
    expect(page.get_by_role("link", name="Budget participatif des quartiers").first).to_be_visible()

import datetime

import pytest
from wagtail.models import Page

from home.models import HomePage, StandardPage
from practices.models import PracticeIndexPage, PracticePage
from tests.factories.practices import PracticePageFactory
from tests.sitemaps import sitemap_xml

pytestmark = pytest.mark.django_db


def test_creation_rules(index, site_home):
    assert PracticeIndexPage.can_create_at(site_home) is False  # only one catalogue
    assert PracticePage.can_create_at(index)
    assert not PracticePage.can_create_at(site_home)
    assert PracticeIndexPage.allowed_parent_page_models() == [HomePage]
    assert PracticePage.allowed_parent_page_models() == [PracticeIndexPage]
    assert PracticePage.allowed_subpage_models() == []
    standard = site_home.add_child(instance=StandardPage(title="Autre", slug="autre"))
    assert not PracticePage.can_create_at(standard)


def test_index_is_at_bonnes_pratiques(index):
    assert index.url == "/bonnes-pratiques/"


def test_end_date_before_start_is_refused(index, communes):
    practice = PracticePageFactory(parent=index, commune=communes["59350"])
    practice.start_date = datetime.date(2023, 5, 1)
    practice.end_date = datetime.date(2023, 4, 1)
    with pytest.raises(Exception, match="La date de fin précède la date de début"):
        practice.full_clean()


def test_derived_rates(index, communes):
    practice = PracticePageFactory(
        parent=index, commune=communes["59560"], participants=1_290, budget=64_500
    )  # Seclin: 12 900 inhabitants
    assert practice.participation_rate == 10
    assert practice.budget_per_inhabitant == 5
    practice.participants = None
    practice.budget = None
    assert practice.participation_rate is None and practice.budget_per_inhabitant is None


def test_search_text_is_folded(index, communes):
    practice = PracticePageFactory(
        parent=index, title="Cœur de quartier", commune=communes["59378"]
    )
    assert "coeur de quartier" in practice.search_text
    assert "marcq-en-baroeul" in practice.search_text


def test_admin_edit_view_has_french_tabs(admin_client, index, communes):
    practice = PracticePageFactory(parent=index, commune=communes["59350"])
    response = admin_client.get(f"/admin/pages/{practice.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for tab in (
        "Identité",
        "Territoire",
        "Dispositif",
        "Participants et moyens",
        "Récit",
        "Recensement",
    ):
        assert tab in html
    assert 'value="budget-participatif"' in html  # device types as checkboxes


def test_admin_create_view_saves_device_types_and_themes(admin_client, index, communes):
    response = admin_client.get(f"/admin/pages/add/practices/practicepage/{index.pk}/")
    assert response.status_code == 200
    data = {
        "title": "Un jury citoyen",
        "slug": "un-jury-citoyen",
        "summary": "Vingt habitants tirés au sort.",
        "commune": communes["59350"].pk,
        "scale": "commune",
        "device_types": ["jury-citoyen", "consultation"],
        "themes": ["sante"],
        "status": "en-cours",
        "verification_status": "non-verifiee",
        "start_date": "2024-01-10",
        "end_date": "2023-01-10",
    }
    for formset in ("documents", "photos", "contacts", "follow_ups"):
        data.update(
            {
                f"{formset}-TOTAL_FORMS": "0",
                f"{formset}-INITIAL_FORMS": "0",
                f"{formset}-MIN_NUM_FORMS": "0",
                f"{formset}-MAX_NUM_FORMS": "1000",
            }
        )
    for field in ("context", "how_it_works", "results", "lessons", "advice"):
        data[f"{field}-count"] = "0"
    response = admin_client.post(f"/admin/pages/add/practices/practicepage/{index.pk}/", data)
    assert response.status_code == 200
    assert "La date de fin précède la date de début" in response.content.decode()
    data["end_date"] = "2024-06-30"
    response = admin_client.post(f"/admin/pages/add/practices/practicepage/{index.pk}/", data)
    assert response.status_code == 302
    practice = PracticePage.objects.get(slug="un-jury-citoyen")
    assert sorted(practice.device_types.values_list("pk", flat=True)) == [
        "consultation",
        "jury-citoyen",
    ]
    assert list(practice.themes.values_list("pk", flat=True)) == ["sante"]
    assert Page.objects.get(pk=practice.pk).live is False  # saved as a draft


def test_restricted_practices_stay_out_of_the_catalogue(client, index, communes):
    from wagtail.models import PageViewRestriction

    hidden = PracticePageFactory(parent=index, title="Réservée", commune=communes["59350"])
    PracticePageFactory(parent=index, title="Publique", commune=communes["59350"])
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    assert [page.title for page in index.practices()] == ["Publique"]


def test_counts_leave_out_the_practices_the_catalogue_leaves_out(client, index, communes):
    """The facets and the statistics count on the practice table alone (`counted_practices`):
    a draft, a private practice and one outside the catalogue are still left out."""
    from wagtail.models import PageViewRestriction

    public = PracticePageFactory(parent=index, title="Publique", commune=communes["59350"])
    private = PracticePageFactory(parent=index, title="Réservée", commune=communes["59350"])
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = PracticePageFactory(parent=index, title="Brouillon", commune=communes["59512"])
    draft.unpublish()
    elsewhere = PracticePageFactory(parent=index, title="Ailleurs", commune=communes["59512"])
    elsewhere.move(index.get_parent(), pos="last-child")
    assert list(index.counted_practices()) == [public]
    context = client.get("/bonnes-pratiques/").context
    assert context["total"] == 1
    communes_facet = next(facet for facet in context["facets"] if facet.param == "commune")
    assert [(option.value, option.count) for option in communes_facet.options] == [("59350", 1)]
    statistics = client.get("/bonnes-pratiques/statistiques/").context["figures"]
    assert statistics.total == 1 and statistics.communes_covered == 1


def test_a_restriction_on_the_catalogue_branch_leaves_every_practice_out_of_the_counts(
    index, communes
):
    from wagtail.models import PageViewRestriction

    PracticePageFactory(parent=index, title="Publique", commune=communes["59350"])
    assert len(index.counted_practices()) == 1
    PageViewRestriction.objects.create(page=index.get_parent(), restriction_type="login")
    assert list(index.practices()) == []
    assert list(index.counted_practices()) == []


def test_commune_is_chosen_in_a_searchable_modal(admin_client, index, communes):
    practice = PracticePageFactory(parent=index, commune=communes["59350"])
    html = admin_client.get(f"/admin/pages/{practice.pk}/edit/").content.decode()
    assert "Choisir une autre commune" in html
    response = admin_client.get("/admin/practices/commune-chooser/results/", {"q": "roub"})
    assert response.status_code == 200
    assert "Roubaix" in response.content.decode()
    assert "Tourcoing" not in response.content.decode()
    by_code = admin_client.get("/admin/practices/commune-chooser/results/", {"q": "59599"})
    assert "Tourcoing" in by_code.content.decode()


def test_sitemap_lists_catalogue_statistics_and_practices(client, index, communes):
    practice = PracticePageFactory(parent=index, commune=communes["59350"])
    xml = sitemap_xml(client)
    assert "/bonnes-pratiques/</loc>" in xml
    assert "/bonnes-pratiques/statistiques/</loc>" in xml
    assert f"/bonnes-pratiques/{practice.slug}/</loc>" in xml

"""The commune chooser of the page editor: a searchable modal, registered as the default widget
of every ForeignKey to Commune. Searched in SQL (name, INSEE code, postcode), not through the
search index, so importing 35,000 communes costs no indexing."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from practices.models import Commune


class CommuneFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Nom, code INSEE ou code postal"),
        widget=forms.TextInput(attrs={"placeholder": _("Rechercher une commune")}),
        required=False,
    )

    def filter(self, objects):
        query = " ".join(self.cleaned_data.get("q", "").split())[:100]
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(
                Q(name__icontains=query)
                | Q(insee_code__startswith=query.upper())
                | Q(postcodes__contains=query)
            )
        return objects


class CommuneChooseView(chooser_views.ChooseView):
    filter_form_class = CommuneFilterForm


class CommuneChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = CommuneFilterForm


class CommuneChooserViewSet(ChooserViewSet):
    model = Commune
    icon = "site"
    choose_one_text = _("Choisir une commune")
    choose_another_text = _("Choisir une autre commune")
    edit_item_text = _("Modifier cette commune")
    page_title = _("Choisir une commune")
    per_page = 20

    choose_view_class = CommuneChooseView
    choose_results_view_class = CommuneChooseResultsView


commune_chooser_viewset = CommuneChooserViewSet(
    "commune_chooser", url_prefix="practices/commune-chooser"
)

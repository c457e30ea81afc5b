"""The blocks of a report: the site's text blocks, and data blocks computed from the published
catalogue through its own filters (practices.filters), frozen at publication
(practices/reports/freezing.py)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks import BodyBlock, ParagraphBlock
from practices.filters import FACETS, Selection
from practices.models import Commune

MAX_PRACTICES = 100
# Catalogue parameters that select nothing: the text search (kept as is) and the page number.
IGNORED_PARAMS = ("q", "page")


def parse_selection(text):
    """The catalogue's filters in `text`: a query string (`device=…&band=…`) or the address of
    the filtered catalogue. Raises ValidationError, in French, on what the catalogue ignores."""
    text = text.strip()
    if "?" in text or text.startswith(("http://", "https://", "/")):
        text = urlsplit(text).query
    querydict = QueryDict(text)
    selection = Selection.from_querydict(querydict, Commune.objects.all())
    facets = {facet.param: facet for facet in FACETS}
    rejected = [
        f"{param}={value}"
        for param, values in querydict.lists()
        if param not in IGNORED_PARAMS
        for value in values
        if param not in facets or facets[param].clean(value) not in selection.values.get(param, [])
    ]
    if rejected:
        raise ValidationError(
            _("Filtres inconnus du catalogue : %(filters)s. Copiez l'adresse du catalogue filtré.")
            % {"filters": ", ".join(rejected)}
        )
    return selection


class SelectionBlock(blocks.CharBlock):
    """A saved selection of the catalogue, stored as its normalised query string."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("label", _("Sélection du catalogue"))
        kwargs.setdefault(
            "help_text",
            _(
                "Vide : toutes les pratiques publiées. Sinon, collez l'adresse du catalogue "
                "filtré (par exemple …/bonnes-pratiques/?device=budget-participatif)."
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return parse_selection(value).querystring() if value else ""


class DataBlock(blocks.StructBlock):
    """A block whose figures come from the catalogue (`kind` names its computation)."""

    kind = ""


class FiguresBlock(DataBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Chiffres clés"))
    selection = SelectionBlock()
    kind = "figures"

    class Meta:
        label = _("Données : chiffres clés")
        icon = "order"
        help_text = _("Pratiques, communes couvertes, participants et budgets de la sélection.")


class ChartBlock(DataBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False, help_text=_("Vide : titre usuel."))
    dimension = blocks.ChoiceBlock(
        label=_("Répartition"),
        choices=[
            ("device", _("par type de dispositif")),
            ("theme", _("par thème")),
            ("band", _("par taille de commune")),
            ("epci", _("par intercommunalité")),
            ("year", _("par année de lancement")),
        ],
    )
    selection = SelectionBlock()
    kind = "chart"

    class Meta:
        label = _("Données : diagramme en barres")
        icon = "table"
        help_text = _("Un diagramme, son tableau de données et son fichier CSV.")


class MapBlock(DataBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Carte des pratiques par commune"))
    selection = SelectionBlock()
    kind = "map"

    class Meta:
        label = _("Données : carte")
        icon = "site"
        help_text = _("Les communes de la sélection sur une carte, et leur tableau.")


class PracticesBlock(DataBlock):
    title = blocks.CharBlock(label=_("Titre"))
    selection = SelectionBlock(required=True)
    limit = blocks.IntegerBlock(
        label=_("Nombre de pratiques au plus"), default=20, min_value=1, max_value=MAX_PRACTICES
    )
    kind = "practices"

    class Meta:
        label = _("Données : tableau de pratiques")
        icon = "list-ul"
        help_text = _("Les pratiques d'une sélection du catalogue, les plus récentes d'abord.")


class CoverageBlock(DataBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Couverture du département"))
    selection = SelectionBlock()
    kind = "coverage"

    class Meta:
        label = _("Données : couverture du département")
        icon = "site"
        help_text = _("Communes du département avec et sans pratique, par taille de commune.")


class MethodologyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Méthodologie"))
    text = ParagraphBlock(label=_("Texte"))

    class Meta:
        label = _("Méthodologie")
        icon = "help"
        template = "reports/blocks/methodology_block.html"
        help_text = _("Sources et méthode ; la date d'arrêt des données s'y ajoute d'elle-même.")


class CreditBlock(blocks.StructBlock):
    role = blocks.CharBlock(label=_("Rôle"), help_text=_("Par exemple : Traitement des données"))
    name = blocks.CharBlock(label=_("Partenaire"))
    url = blocks.URLBlock(label=_("Adresse"), required=False)

    class Meta:
        label = _("Crédit")


class CreditsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Crédits"))
    credits = blocks.ListBlock(CreditBlock(), label=_("Crédits"), min_num=1)

    class Meta:
        label = _("Crédits des partenaires")
        icon = "group"
        template = "reports/blocks/credits_block.html"


class ReportBodyBlock(BodyBlock):
    data_figures = FiguresBlock()
    data_chart = ChartBlock()
    data_map = MapBlock()
    data_practices = PracticesBlock()
    data_coverage = CoverageBlock()
    methodology = MethodologyBlock()
    credits = CreditsBlock()

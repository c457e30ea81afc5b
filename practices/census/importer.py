"""Import of the census spreadsheet: one row, one draft practice (created or updated).

Each row is first read and checked on its own by `RowForm` (French reason and line number on
error); then, in one transaction, the draft pages are created or updated. Without `partial`,
one bad row stops the whole file and nothing changes. A row matches an existing practice when it
has the same commune, the same title (case and accents aside) and the same first device type:
it then updates that practice instead of duplicating it.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import fold
from practices import vocabularies as vocab
from practices.census.csvfiles import read_table
from practices.census.drafts import paragraphs, unique_slug
from practices.models import (
    Commune,
    DeviceTypeTerm,
    PracticeIndexPage,
    PracticePage,
    ThemeTerm,
    validate_date_range,
)
from practices.vocabularies import INSEE_CODE_PATTERN

CREATED, UPDATED, UNCHANGED, ERROR = "créée", "mise à jour", "inchangée", "erreur"

# French header → (field, description). The first column of the template is « Code INSEE ».
COLUMNS = {
    "Code INSEE": ("insee_code", "obligatoire ; 5 caractères (59350)"),
    "Commune": ("commune_name", "facultatif ; pour relire le fichier, non utilisé"),
    "Titre": ("title", "obligatoire ; 255 caractères au plus"),
    "Résumé": ("summary", "300 caractères au plus ; sinon le début de la description"),
    "Types de dispositif": (
        "device_types",
        "obligatoire ; un ou plusieurs libellés séparés par « | » (Budget participatif)",
    ),
    "Thèmes": ("themes", "libellés séparés par « | »"),
    "Nature": ("nature", "Instance permanente, Démarche ponctuelle ou Démarche répétée"),
    "Niveau de participation": ("participation_level", "Information … Codécision"),
    "Échelle": ("scale", "Quartier, Commune ou Intercommunalité (Commune par défaut)"),
    "QPV": ("in_priority_neighbourhood", "oui ou non"),
    "Date de début": ("start_date", "jj/mm/aaaa ou aaaa-mm-jj"),
    "Date de fin": ("end_date", "jj/mm/aaaa ou aaaa-mm-jj"),
    "État": ("status", "En projet, En cours, Terminé, Suspendu ou Abandonné"),
    "Publics": ("publics", "texte libre"),
    "Recrutement": ("recruitment", "Ouvert à toutes et tous, Tirage au sort, Élection…"),
    "Participants": ("participants", "nombre entier (1 200)"),
    "Budget (€)": ("budget", "nombre entier d'euros (60 000)"),
    "Porteur": ("carrier", "Commune, Intercommunalité (EPCI), Association ou Habitants"),
    "Contexte": ("context", "texte ; une ligne vide sépare les paragraphes"),
    "Description": ("how_it_works", "texte : le fonctionnement du dispositif"),
    "Résultats": ("results", "texte"),
    "Enseignements": ("lessons", "texte"),
    "Conseils": ("advice", "texte"),
    "Source": ("census_source", "Questionnaire, Entretien ou Document"),
    "Date de collecte": ("collected_on", "jj/mm/aaaa ou aaaa-mm-jj"),
}
REQUIRED_HEADERS = ("Code INSEE", "Titre", "Types de dispositif")
CHOICE_FIELDS = {
    "nature": vocab.Nature,
    "participation_level": vocab.ParticipationLevel,
    "scale": vocab.Scale,
    "status": vocab.Status,
    "recruitment": vocab.Recruitment,
    "carrier": vocab.Carrier,
    "census_source": vocab.CensusSource,
}
DEFAULTS = {"scale": vocab.Scale.COMMUNE.value, "status": vocab.Status.ONGOING.value}
STREAM_FIELDS = ("context", "how_it_works", "results", "lessons", "advice")
DATE_FIELDS = ("start_date", "end_date", "collected_on")
NUMBER_FIELDS = {"participants": 10_000_000, "budget": 2_000_000_000}
TEXT_LIMITS = {"title": 255, "publics": 255}
LIST_SEPARATORS = re.compile(r"\s*[|;,\n]\s*")
YES, NO = {"oui", "o", "yes", "1", "vrai", "x"}, {"non", "n", "no", "0", "faux", ""}


class ImportFileError(ValueError):
    """The whole file is refused (missing columns, unreadable, no catalogue)."""


@dataclass
class RowResult:
    line: int
    title: str
    action: str = ""
    errors: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    page: PracticePage = None


@dataclass
class Report:
    encoding: str = ""
    delimiter: str = ""
    rows: list = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    @property
    def summary(self):
        text = _(
            "%(rows)s ligne(s) lue(s) : %(created)s pratique(s) créée(s), %(updated)s mise(s) à "
            "jour, %(unchanged)s inchangée(s), %(errors)s en erreur."
        ) % {
            "rows": len(self.rows),
            "created": self.count(CREATED),
            "updated": self.count(UPDATED),
            "unchanged": self.count(UNCHANGED),
            "errors": len(self.errors),
        }
        if self.dry_run:
            return _("Simulation : rien n'a été enregistré. %(text)s") % {"text": text}
        if not self.applied:
            return _("Aucune modification : le fichier contient des erreurs. %(text)s") % {
                "text": text
            }
        return text


@cache
def vocabulary_lookup(choices):
    """Folded label or slug → slug (built on first use: labels are lazy translations)."""
    lookup = {}
    for value, label in choices.choices:
        lookup[fold(str(label))] = value
        lookup[fold(value)] = value
        lookup[fold(value.replace("-", " "))] = value
    return lookup


def name_of(field_name):
    return next(header for header, (name, _help) in COLUMNS.items() if name == field_name)


def quoted(items):
    return ", ".join(f"« {item} »" for item in items)


class InseeCodeField(forms.CharField):
    def __init__(self):
        super().__init__(error_messages={"required": gettext_lazy("code INSEE manquant")})

    def clean(self, value):
        code = super().clean(value).upper()
        if not re.match(INSEE_CODE_PATTERN, code):
            raise ValidationError(
                _("code INSEE « %(code)s » invalide (5 caractères, ex. 59350)")
                % {"code": value.strip()}
            )
        return code


class TextCellField(forms.CharField):
    def __init__(self, name, **kwargs):
        super().__init__(**kwargs)
        self.name = name

    def clean(self, value):
        text = super().clean(value)
        limit = TEXT_LIMITS[self.name]
        if len(text) > limit:
            raise ValidationError(
                _("%(column)s trop long (%(length)s caractères, %(limit)s au plus)")
                % {"column": name_of(self.name), "length": len(text), "limit": limit}
            )
        return text


class TermsField(forms.CharField):
    """Labels or slugs of a vocabulary, separated by « | » (or ; , and new lines)."""

    def __init__(self, choices, unknown, missing=None):
        super().__init__(required=False)
        self.choices, self.unknown, self.missing = choices, unknown, missing

    def clean(self, value):
        lookup = vocabulary_lookup(self.choices)
        terms, unknown = [], []
        for item in LIST_SEPARATORS.split(super().clean(value)):
            if not item:
                continue
            slug = lookup.get(fold(item))
            if slug is None:
                unknown.append(item)
            elif slug not in terms:
                terms.append(slug)
        if unknown:
            raise ValidationError(self.unknown % {"terms": quoted(unknown)})
        if not terms and self.missing:
            raise ValidationError(self.missing)
        return terms


class OptionalColumn:
    """A cell of the column `name`, which may be empty."""

    def __init__(self, name):
        super().__init__(required=False)
        self.name = name


class VocabularyCellField(OptionalColumn, forms.CharField):
    """One label or slug of a vocabulary; empty means its default."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return DEFAULTS.get(self.name, "")
        slug = vocabulary_lookup(CHOICE_FIELDS[self.name]).get(fold(text))
        if slug is None:
            raise ValidationError(
                _("%(column)s inconnu : « %(value)s »")
                % {"column": name_of(self.name), "value": text}
            )
        return slug


class YesNoField(forms.CharField):
    def __init__(self):
        super().__init__(required=False)

    def clean(self, value):
        text = super().clean(value)
        answer = fold(text)
        if answer not in YES | NO:
            raise ValidationError(_("QPV : « %(value)s » (attendu : oui ou non)") % {"value": text})
        return answer in YES


class DateCellField(OptionalColumn, forms.DateField):
    input_formats = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                _("%(column)s invalide : « %(value)s » (attendu : jj/mm/aaaa)")
                % {"column": name_of(self.name), "value": value.strip()}
            ) from None


class NumberCellField(OptionalColumn, forms.CharField):
    """A whole number written as people do: « 1 200 », « 60 000 € », « 24,00 »."""

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        digits = re.sub(r"[,.]0+$", "", re.sub(r"[\s\u00a0\u202f€]", "", text))
        if not digits.isdigit() or int(digits) > NUMBER_FIELDS[self.name]:
            raise ValidationError(
                _("%(column)s : « %(value)s » n'est pas un nombre entier")
                % {"column": name_of(self.name), "value": text}
            )
        return int(digits)


class RowForm(forms.Form):
    """One row of the spreadsheet, its cells keyed by field name; cleans to a page's values."""

    insee_code = InseeCodeField()
    title = TextCellField("title", error_messages={"required": gettext_lazy("titre manquant")})
    publics = TextCellField("publics", required=False)
    device_types = TermsField(
        vocab.DeviceType,
        unknown=gettext_lazy("type de dispositif inconnu : %(terms)s"),
        missing=gettext_lazy("type de dispositif manquant"),
    )
    themes = TermsField(vocab.Theme, unknown=gettext_lazy("thème inconnu : %(terms)s"))
    nature = VocabularyCellField("nature")
    participation_level = VocabularyCellField("participation_level")
    scale = VocabularyCellField("scale")
    status = VocabularyCellField("status")
    recruitment = VocabularyCellField("recruitment")
    carrier = VocabularyCellField("carrier")
    census_source = VocabularyCellField("census_source")
    in_priority_neighbourhood = YesNoField()
    start_date = DateCellField("start_date")
    end_date = DateCellField("end_date")
    collected_on = DateCellField("collected_on")
    participants = NumberCellField("participants")
    budget = NumberCellField("budget")
    context = forms.CharField(required=False)
    how_it_works = forms.CharField(required=False)
    results = forms.CharField(required=False)
    lessons = forms.CharField(required=False)
    advice = forms.CharField(required=False)
    summary = forms.CharField(required=False)  # after the description, which it may come from

    def clean_summary(self):
        description = " ".join(self.cleaned_data.get("how_it_works", "").split())
        summary = self.cleaned_data["summary"] or Truncator(description).chars(300)
        if len(summary) > 300:
            raise ValidationError(
                _("résumé trop long (%(length)s caractères, 300 au plus)")
                % {"length": len(summary)}
            )
        if not summary:
            raise ValidationError(_("résumé ou description manquant"))
        return summary

    def clean(self):
        cleaned_data = super().clean()
        validate_date_range(cleaned_data.get("start_date"), cleaned_data.get("end_date"))
        return cleaned_data

    def error_list(self):
        return [message for messages in self.errors.values() for message in messages]


def read_row(line, cells):
    """Check one row; return a `RowResult` with `values` (model values) or `errors` (French)."""
    form = RowForm({name: cells.get(header) or "" for header, (name, _help) in COLUMNS.items()})
    result = RowResult(line=line, title=(cells.get("Titre") or "").strip())
    if form.is_valid():
        result.values = form.cleaned_data
    else:
        result.errors = form.error_list()
    return result


def match_key(commune_id, title, device):
    return (commune_id, fold(title), device)


def existing_practices(index, commune_ids):
    """(commune, folded title, device type) → page, in a constant number of queries."""
    pages = (
        PracticePage.objects.descendant_of(index)
        .filter(commune_id__in=commune_ids)
        .prefetch_related("device_types")
    )
    found = {}
    for page in pages:
        for term in page.device_types.all():
            found.setdefault(match_key(page.commune_id, page.title, term.pk), page)
    return found


def page_values(page):
    """The importable values of a page, in the shape `read_row` gives them."""
    values = {name: getattr(page, name) for name in CHOICE_FIELDS}
    values.update(
        {name: getattr(page, name) for name in (*DATE_FIELDS, *NUMBER_FIELDS, *TEXT_LIMITS)}
    )
    values["summary"] = page.summary
    values["in_priority_neighbourhood"] = page.in_priority_neighbourhood
    values["device_types"] = sorted(term.pk for term in page.device_types.all())
    values["themes"] = sorted(term.pk for term in page.themes.all())
    for name in STREAM_FIELDS:
        values[name] = [getattr(block.value, "source", None) for block in getattr(page, name)]
    return values


def row_values(values):
    """A row's values in the shape `page_values` gives them."""
    comparable = {key: value for key, value in values.items() if key != "insee_code"}
    comparable["device_types"] = sorted(values["device_types"])
    comparable["themes"] = sorted(values["themes"])
    for name in STREAM_FIELDS:
        comparable[name] = [block.source for _, block in paragraphs(values[name])]
    return comparable


def fill(page, values, commune, terms):
    """Set a page's fields from a row's values; `terms`: vocabulary terms by field and slug."""
    page.commune = commune
    for name, value in values.items():
        if name in ("insee_code", "device_types", "themes") or name in STREAM_FIELDS:
            continue
        setattr(page, name, value)
    for name in STREAM_FIELDS:
        setattr(page, name, paragraphs(values[name]))
    page.device_types.set([terms["device_types"][slug] for slug in values["device_types"]])
    page.themes.set([terms["themes"][slug] for slug in values["themes"]])


def import_table(data, user=None, dry_run=False, partial=False):
    """Read CSV bytes and create/update the draft practices; return a `Report`."""
    table = read_table(data)
    missing = [header for header in REQUIRED_HEADERS if header not in table.header]
    if missing:
        raise ImportFileError(
            _("Colonne(s) obligatoire(s) absente(s) : %(columns)s. Partez du modèle CSV.")
            % {"columns": quoted(missing)}
        )
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise ImportFileError(_("Créez d'abord la page « Bonnes pratiques » (le catalogue)."))
    report = Report(table.encoding, table.delimiter, dry_run=dry_run)
    report.rows = [read_row(line, cells) for line, cells in table.rows]

    communes = Commune.objects.in_bulk(
        {row.values["insee_code"] for row in report.rows if not row.errors},
        field_name="insee_code",
    )
    for row in report.rows:
        if not row.errors and row.values["insee_code"] not in communes:
            row.errors.append(
                _("commune inconnue : aucune commune n'a le code INSEE %(code)s")
                % {"code": row.values["insee_code"]}
            )
    existing = existing_practices(index, [commune.pk for commune in communes.values()])
    seen = {}
    for row in report.rows:
        if row.errors:
            continue
        commune = communes[row.values["insee_code"]]
        key = match_key(commune.pk, row.values["title"], row.values["device_types"][0])
        if key in seen:
            row.errors.append(
                _("même commune, dispositif et titre que la ligne %(line)s") % {"line": seen[key]}
            )
            continue
        seen[key] = row.line
        row.page = existing.get(key)

    if report.errors and not partial:
        return report
    terms = {
        "device_types": DeviceTypeTerm.objects.in_bulk(),
        "themes": ThemeTerm.objects.in_bulk(),
    }
    with transaction.atomic():
        for row in report.rows:
            if not row.errors:
                apply_row(row, index, communes[row.values["insee_code"]], user, terms)
        # A row the models refused at the last moment still voids the whole file.
        report.applied = not dry_run and (partial or not report.errors)
        if not report.applied:
            transaction.set_rollback(True)
    return report


def apply_row(row, index, commune, user, terms):
    try:
        with transaction.atomic():
            if row.page is None:
                page = PracticePage(title=row.values["title"], live=False, owner=user)
                fill(page, row.values, commune, terms)
                page.slug = unique_slug(index, page.title)
                index.add_child(instance=page)
                page.save_revision(user=user, log_action=True)
                row.action, row.page = CREATED, page
                return
            draft = row.page.get_latest_revision_as_object()
            if page_values(draft) == row_values(row.values):
                row.action = UNCHANGED
                return
            fill(draft, row.values, commune, terms)
            draft.full_clean()
            draft.save_revision(user=user, log_action=True)
            row.action = UPDATED
    except ValidationError as error:
        row.errors.extend(error.messages)

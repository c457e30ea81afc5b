"""Import of the census spreadsheet: one row, one draft practice (created or updated).

Each row is first read and checked on its own (French reason and line number on error); then,
in one transaction, the draft pages are created or updated. Without `partial`, one bad row
stops the whole file and nothing changes. A row matches an existing practice when it has the
same commune, the same title (case and accents aside) and the same first device type: it then
updates that practice instead of duplicating it.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from practices import vocabularies as vocab
from practices.census.csvfiles import read_table
from practices.census.drafts import paragraphs, unique_slug
from practices.models import (
    INSEE_CODE_PATTERN,
    Commune,
    DeviceTypeTerm,
    PracticeIndexPage,
    PracticePage,
    ThemeTerm,
)
from practices.text import fold

CREATED, UPDATED, UNCHANGED, ERROR = "créée", "mise à jour", "inchangée", "erreur"

# French header → (field, description). The first column of the template is « Code INSEE ».
COLUMNS = {
    "Code INSEE": ("insee_code", "obligatoire ; 5 caractères (59350)"),
    "Commune": ("commune_name", "facultatif ; pour relire le fichier, non utilisé"),
    "Titre": ("title", "obligatoire ; 255 caractères au plus"),
    "Résumé": ("summary", "300 caractères au plus ; sinon le début de la description"),
    "Types de dispositif": (
        "device_types",
        "obligatoire ; un ou plusieurs libellés séparés par « | » (Budget participatif)",
    ),
    "Thèmes": ("themes", "libellés séparés par « | »"),
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
    "Contexte": ("context", "texte ; une ligne vide sépare les paragraphes"),
    "Description": ("how_it_works", "texte : le fonctionnement du dispositif"),
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
            "%(rows)s ligne(s) lue(s) : %(created)s pratique(s) créée(s), %(updated)s mise(s) à "
            "jour, %(unchanged)s inchangée(s), %(errors)s en erreur."
        ) % {
            "rows": len(self.rows),
            "created": self.count(CREATED),
            "updated": self.count(UPDATED),
            "unchanged": self.count(UNCHANGED),
            "errors": len(self.errors),
        }
        if self.dry_run:
            return _("Simulation : rien n'a été enregistré. %(text)s") % {"text": text}
        if not self.applied:
            return _("Aucune modification : le fichier contient des erreurs. %(text)s") % {
                "text": text
            }
        return text


def vocabulary_lookup(choices):
    """Folded label or slug → slug."""
    lookup = {}
    for value, label in choices.choices:
        lookup[fold(str(label))] = value
        lookup[fold(value)] = value
        lookup[fold(value.replace("-", " "))] = value
    return lookup


@cache
def lookups():
    """Built on first use: labels are lazy translations."""
    choices = {name: vocabulary_lookup(choices) for name, choices in CHOICE_FIELDS.items()}
    return choices, vocabulary_lookup(vocab.DeviceType), vocabulary_lookup(vocab.Theme)


def parse_date(text):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_number(text, maximum):
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text)
    cleaned = re.sub(r"[,.]0+$", "", cleaned)
    if not cleaned.isdigit() or int(cleaned) > maximum:
        raise ValueError(text)
    return int(cleaned)


def parse_terms(text, lookup):
    terms, unknown = [], []
    for item in LIST_SEPARATORS.split(text):
        if not item:
            continue
        slug = lookup.get(fold(item))
        if slug is None:
            unknown.append(item)
        elif slug not in terms:
            terms.append(slug)
    return terms, unknown


def quoted(items):
    return ", ".join(f"« {item} »" for item in items)


def read_row(line, cells):
    """Check one row; return a `RowResult` with `values` (model values) or `errors` (French)."""
    cell = {name: (cells.get(header) or "").strip() for header, (name, _help) in COLUMNS.items()}
    result = RowResult(line=line, title=cell["title"])
    errors, values = result.errors, result.values
    choice_lookups, device_lookup, theme_lookup = lookups()

    code = cell["insee_code"].upper()
    if not code:
        errors.append(_("code INSEE manquant"))
    elif not re.match(INSEE_CODE_PATTERN, code):
        errors.append(
            _("code INSEE « %(code)s » invalide (5 caractères, ex. 59350)")
            % {"code": cell["insee_code"]}
        )
    values["insee_code"] = code

    if not cell["title"]:
        errors.append(_("titre manquant"))
    for name, limit in TEXT_LIMITS.items():
        if len(cell[name]) > limit:
            errors.append(
                _("%(column)s trop long (%(length)s caractères, %(limit)s au plus)")
                % {"column": name_of(name), "length": len(cell[name]), "limit": limit}
            )
        values[name] = cell[name][:limit]

    devices, unknown = parse_terms(cell["device_types"], device_lookup)
    if unknown:
        errors.append(_("type de dispositif inconnu : %(terms)s") % {"terms": quoted(unknown)})
    elif not devices:
        errors.append(_("type de dispositif manquant"))
    values["device_types"] = devices
    themes, unknown = parse_terms(cell["themes"], theme_lookup)
    if unknown:
        errors.append(_("thème inconnu : %(terms)s") % {"terms": quoted(unknown)})
    values["themes"] = themes

    for name, lookup in choice_lookups.items():
        if not cell[name]:
            values[name] = DEFAULTS.get(name, "")
        elif (slug := lookup.get(fold(cell[name]))) is None:
            errors.append(
                _("%(column)s inconnu : « %(value)s »")
                % {"column": name_of(name), "value": cell[name]}
            )
        else:
            values[name] = slug

    qpv = fold(cell["in_priority_neighbourhood"])
    if qpv not in YES | NO:
        errors.append(
            _("QPV : « %(value)s » (attendu : oui ou non)")
            % {"value": cell["in_priority_neighbourhood"]}
        )
    values["in_priority_neighbourhood"] = qpv in YES

    for name in DATE_FIELDS:
        values[name] = None
        if cell[name]:
            try:
                values[name] = parse_date(cell[name])
            except ValueError:
                errors.append(
                    _("%(column)s invalide : « %(value)s » (attendu : jj/mm/aaaa)")
                    % {"column": name_of(name), "value": cell[name]}
                )
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        errors.append(_("la date de fin précède la date de début"))

    for name, maximum in NUMBER_FIELDS.items():
        values[name] = None
        if cell[name]:
            try:
                values[name] = parse_number(cell[name], maximum)
            except ValueError:
                errors.append(
                    _("%(column)s : « %(value)s » n'est pas un nombre entier")
                    % {"column": name_of(name), "value": cell[name]}
                )

    summary = cell["summary"] or Truncator(" ".join(cell["how_it_works"].split())).chars(300)
    if len(summary) > 300:
        errors.append(
            _("résumé trop long (%(length)s caractères, 300 au plus)") % {"length": len(summary)}
        )
    elif not summary:
        errors.append(_("résumé ou description manquant"))
    values["summary"] = summary
    for name in STREAM_FIELDS:
        values[name] = cell[name]
    return result


def name_of(field_name):
    return next(header for header, (name, _help) in COLUMNS.items() if name == field_name)


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
            _("Colonne(s) obligatoire(s) absente(s) : %(columns)s. Partez du modèle CSV.")
            % {"columns": quoted(missing)}
        )
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise ImportFileError(_("Créez d'abord la page « Bonnes pratiques » (le catalogue)."))
    report = Report(table.encoding, table.delimiter, dry_run=dry_run)
    report.rows = [read_row(line, cells) for line, cells in table.rows]

    communes = Commune.objects.in_bulk(
        {row.values["insee_code"] for row in report.rows}, field_name="insee_code"
    )
    for row in report.rows:
        if not row.errors and row.values["insee_code"] not in communes:
            row.errors.append(
                _("commune inconnue : aucune commune n'a le code INSEE %(code)s")
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

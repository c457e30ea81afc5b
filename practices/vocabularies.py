"""Controlled vocabularies of the catalogue.

Each vocabulary is a TextChoices: the value is a stable slug used in URLs (filters), exports and
statistics; the label is the French wording shown to readers. Never change a value once
published: shared links and reused open data depend on it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeviceType(models.TextChoices):
    PARTICIPATORY_BUDGET = "budget-participatif", _("Budget participatif")
    NEIGHBOURHOOD_COUNCIL = "conseil-de-quartier", _("Conseil de quartier")
    CITIZENS_COUNCIL = "conseil-citoyen", _("Conseil citoyen")
    ADVISORY_COMMITTEE = "comite-consultatif", _("Comité consultatif")
    YOUTH_COUNCIL = "conseil-municipal-des-jeunes", _("Conseil municipal des jeunes")
    CHILDREN_COUNCIL = "conseil-municipal-des-enfants", _("Conseil municipal des enfants")
    ELDERS_COUNCIL = "conseil-des-sages", _("Conseil des sages")
    DEVELOPMENT_COUNCIL = "conseil-de-developpement", _("Conseil de développement")
    CITIZENS_ASSEMBLY = "assemblee-citoyenne", _("Assemblée ou convention citoyenne")
    CITIZENS_JURY = "jury-citoyen", _("Jury citoyen")
    CONSULTATION = "consultation", _("Consultation ou votation")
    REFERENDUM = "referendum-local", _("Référendum local")
    PUBLIC_MEETING = "reunion-publique", _("Réunion publique")
    WORKSHOP = "atelier-participatif", _("Atelier participatif")
    EXPLORATORY_WALK = "marche-exploratoire", _("Marche exploratoire")
    DIGITAL_PLATFORM = "plateforme-numerique", _("Plateforme numérique")
    PETITION = "droit-d-interpellation", _("Droit d'interpellation ou pétition")
    OTHER = "autre", _("Autre")


class Nature(models.TextChoices):
    PERMANENT = "instance-permanente", _("Instance permanente")
    ONE_OFF = "demarche-ponctuelle", _("Démarche ponctuelle")
    REPEATED = "demarche-repetee", _("Démarche répétée")


class ParticipationLevel(models.TextChoices):
    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Consultation")
    CONCERTATION = "concertation", _("Concertation")
    CO_CONSTRUCTION = "co-construction", _("Co-construction")
    CO_DECISION = "codecision", _("Codécision")


class Theme(models.TextChoices):
    URBAN_PLANNING = "urbanisme", _("Urbanisme")
    MOBILITY = "mobilites", _("Mobilités")
    ENVIRONMENT = "environnement", _("Environnement")
    LIVING_ENVIRONMENT = "cadre-de-vie", _("Cadre de vie")
    SOLIDARITY = "solidarites", _("Solidarités")
    YOUTH = "jeunesse-education", _("Jeunesse et éducation")
    CULTURE = "culture-sport", _("Culture et sport")
    SAFETY = "tranquillite-publique", _("Tranquillité publique")
    BUDGET = "budget", _("Budget")
    GOVERNANCE = "gouvernance-locale", _("Gouvernance locale")
    ECONOMY = "economie", _("Économie")
    HOUSING = "logement", _("Logement")
    HEALTH = "sante", _("Santé")
    DIGITAL = "numerique", _("Numérique")


class Scale(models.TextChoices):
    NEIGHBOURHOOD = "quartier", _("Quartier")
    COMMUNE = "commune", _("Commune")
    INTERCOMMUNAL = "intercommunalite", _("Intercommunalité")


class Status(models.TextChoices):
    PLANNED = "en-projet", _("En projet")
    ONGOING = "en-cours", _("En cours")
    COMPLETED = "termine", _("Terminé")
    SUSPENDED = "suspendu", _("Suspendu")
    ABANDONED = "abandonne", _("Abandonné")


class Recruitment(models.TextChoices):
    OPEN = "ouvert", _("Ouvert à toutes et tous")
    LOT = "tirage-au-sort", _("Tirage au sort")
    ELECTION = "election", _("Élection")
    APPOINTMENT = "designation", _("Désignation")


class Carrier(models.TextChoices):
    COMMUNE = "commune", _("Commune")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    ASSOCIATION = "association", _("Association")
    RESIDENTS = "habitants", _("Habitants")


class CensusSource(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    INTERVIEW = "entretien", _("Entretien")
    DOCUMENT = "document", _("Document")


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "non-verifiee", _("Non vérifiée")
    PENDING = "en-verification", _("En cours de vérification")
    VERIFIED = "verifiee", _("Vérifiée")


class DocumentKind(models.TextChoices):
    RULES = "reglement", _("Règlement")
    DELIBERATION = "deliberation", _("Délibération")
    REPORT = "bilan", _("Bilan")
    OTHER = "autre", _("Autre document")


class FollowUpKind(models.TextChoices):
    """What became of a practice (the « devoir de suite »), one dated entry at a time."""

    DECISION = "decision", _("Décision")
    IMPLEMENTATION = "mise-en-oeuvre", _("Mise en œuvre")
    EVALUATION = "evaluation", _("Évaluation")
    ENDING = "arret", _("Arrêt")


class PopulationBand(models.TextChoices):
    UNDER_1000 = "0-999", _("Moins de 1 000 habitants")
    FROM_1000 = "1000-3499", _("De 1 000 à 3 499 habitants")
    FROM_3500 = "3500-19999", _("De 3 500 à 19 999 habitants")
    FROM_20000 = "20000-79999", _("De 20 000 à 79 999 habitants")
    FROM_80000 = "80000-plus", _("80 000 habitants et plus")


# Lower bound (inclusive) of each band, in ascending order.
POPULATION_BAND_FLOORS = (
    (80_000, PopulationBand.FROM_80000),
    (20_000, PopulationBand.FROM_20000),
    (3_500, PopulationBand.FROM_3500),
    (1_000, PopulationBand.FROM_1000),
    (0, PopulationBand.UNDER_1000),
)


def population_band(population):
    """The band of a population figure, or "" when the figure is unknown."""
    if population is None:
        return ""
    for floor, band in POPULATION_BAND_FLOORS:
        if population >= floor:
            return band.value
    return ""


# INSEE commune codes: two digits (or 2A, 2B for Corsica) then three.
INSEE_CODE_PATTERN = r"^(?:\d{2}|2[AB])\d{3}$"


def department_of(insee_code):
    """Department of an INSEE commune code: "59" for 59350, "2A" for 2A004, "971" for 97101."""
    code = (insee_code or "").upper()
    return code[:3] if code.startswith("97") else code[:2]

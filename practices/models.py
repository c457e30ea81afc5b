"""The catalogue of good practices: communes, case studies and their index."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from cms.pages import BasePage
from cms.text import fold
from practices import archives, datapackage, exports, views
from practices import vocabularies as vocab
from practices.text import stream_text
from practices.vocabularies import INSEE_CODE_PATTERN, department_of
from press.blocks import PressBodyBlock

insee_code_validator = RegexValidator(
    INSEE_CODE_PATTERN,
    _("Code INSEE invalide : 5 caractères, 2 chiffres (ou 2A, 2B) puis 3 chiffres."),
)
SIMILAR_COUNT = 3


def validate_date_range(start_date, end_date):
    """The one rule on a practice's dates (its page, a submission, an imported row)."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError({"end_date": _("La date de fin précède la date de début.")})


class Commune(models.Model):
    """A commune of the reference list (imported from the INSEE/geo CSV layout)."""

    insee_code = models.CharField(
        _("code INSEE"), max_length=5, unique=True, validators=[insee_code_validator]
    )
    name = models.CharField(_("nom"), max_length=150)
    department = models.CharField(_("département"), max_length=3, editable=False, db_index=True)
    postcodes = models.CharField(
        _("codes postaux"), max_length=200, blank=True, help_text=_("Séparés par des virgules.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("année du chiffre de population"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    population_band = models.CharField(
        _("strate de population"),
        max_length=12,
        choices=vocab.PopulationBand.choices,
        blank=True,
        editable=False,
        db_index=True,
    )
    epci_name = models.CharField(_("intercommunalité (EPCI)"), max_length=200, blank=True)
    epci_siren = models.CharField(
        _("SIREN de l'EPCI"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("Le SIREN compte 9 chiffres."))],
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Accent-folded name, INSEE code and postcodes, searched by the communes' index.
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        indexes = [models.Index(fields=["epci_name"])]

    def __str__(self):
        return f"{self.name} ({self.insee_code})"

    def save(self, *args, **kwargs):
        self.insee_code = self.insee_code.upper()
        self.department = department_of(self.insee_code)
        self.population_band = vocab.population_band(self.population)
        self.search_text = fold(" ".join([self.name, self.insee_code, *self.postcode_list]))
        super().save(*args, **kwargs)

    @property
    def population_band_label(self):
        return vocab.PopulationBand(self.population_band).label if self.population_band else ""

    @property
    def postcode_list(self):
        return [code.strip() for code in self.postcodes.split(",") if code.strip()]


class VocabularyTerm(models.Model):
    """A term of a multi-valued vocabulary; its primary key is the vocabulary's slug.

    The link tables then hold the slug itself, so a facet count is one GROUP BY on the link
    table, and a filter one subquery, on SQLite as on PostgreSQL.
    """

    choices = None
    slug = models.CharField(max_length=40, primary_key=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        try:
            return self.choices(self.slug).label
        except ValueError:  # no longer in the vocabulary
            return self.slug

    @classmethod
    def sync(cls):
        """Create the rows of the vocabulary (run after every migrate)."""
        for position, value in enumerate(cls.choices.values):
            cls.objects.update_or_create(slug=value, defaults={"position": position})


class DeviceTypeTerm(VocabularyTerm):
    choices = vocab.DeviceType

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("type de dispositif")
        verbose_name_plural = _("types de dispositif")


class ThemeTerm(VocabularyTerm):
    choices = vocab.Theme

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")


class PracticeIndexPage(RoutablePageMixin, BasePage):
    intro = models.TextField(_("introduction"), blank=True)
    statistics_intro = models.TextField(_("introduction des statistiques"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("statistics_intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("catalogue des bonnes pratiques")

    def practices(self):
        """The published practices of the catalogue: the base of lists, stats and exports."""
        return PracticePage.objects.live().public_children_of(self)

    def counted_practices(self):
        """The published practices of `practices()`, for the counts of the catalogue and its
        statistics, as a query on the practice table alone: every practice but those that
        `practices()` leaves out (drafts, private or outside the catalogue), listed first by one
        query on the page table alone (not joined to the practice table), so that each count
        reads no row of the page table. A practice is a child of the catalogue (its only parent
        type), so a view restriction applies to it when it is set on the practice or on the
        catalogue's branch: a lookup in the restricted pages and one check for the branch, where
        a restriction on any ancestor checked row by row made this query read the restrictions
        once per practice."""
        own_restriction = Q(pk__in=PageViewRestriction.objects.values("page_id"))
        branch_restriction = Exists(
            PageViewRestriction.objects.filter(
                page__in=Page.objects.ancestor_of(self, inclusive=True)
            )
        )
        published = Page.objects.live_q() & Page.objects.child_of_q(self)
        practice_pages = Page.objects.filter(
            content_type__app_label=PracticePage._meta.app_label,
            content_type__model=PracticePage._meta.model_name,
        )
        left_out = practice_pages.filter(~published | own_restriction | Q(branch_restriction))
        return PracticePage.objects.exclude(
            pk__in=list(left_out.order_by().values_list("pk", flat=True))
        )

    def communes(self):
        """The reference communes, which the filters and the statistics name."""
        return Commune.objects.all()

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if urls:
            urls.append({**urls[0], "location": urls[0]["location"] + "statistiques/"})
        return urls

    @path("")
    def catalogue(self, request):
        return views.catalogue(request, self)

    @path("statistiques/")
    def statistics(self, request):
        return views.statistics(request, self)

    @path("export/csv/")
    def export_csv(self, request):
        return exports.csv_response(request, self)

    @path("export/json/")
    def export_json(self, request):
        return exports.json_response(request, self)

    # Served at …/datapackage.json and …/<month>/pratiques.csv (cms.views.page_file).
    @path("export/datapackage.json/")
    def datapackage_descriptor(self, request):
        return datapackage.response(request, self)

    @path("export/archives/")
    def archive_index(self, request):
        return self.render(
            request,
            template="practices/open_data_archives.html",
            context_overrides=archives.listing(),
        )

    @path("export/archives/<str:month>/<str:file_name>/")
    def archive_file(self, request, month, file_name):
        return archives.file_response(month, file_name)


class PracticePage(BasePage):
    # Identity
    summary = models.TextField(
        _("résumé"), max_length=300, help_text=_("300 caractères au plus, sans mise en forme.")
    )
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_example = models.BooleanField(
        _("exemple fictif"),
        default=False,
        help_text=_("Cochez pour une fiche de démonstration : elle porte le badge « Exemple »."),
    )
    # Territory
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        on_delete=models.PROTECT,
        related_name="practices",
    )
    scale = models.CharField(
        _("échelle"), max_length=20, choices=vocab.Scale.choices, default=vocab.Scale.COMMUNE
    )
    in_priority_neighbourhood = models.BooleanField(
        _("en quartier prioritaire (QPV)"), default=False
    )
    # Device
    device_types = ParentalManyToManyField(
        DeviceTypeTerm, verbose_name=_("types de dispositif"), related_name="practices"
    )
    nature = models.CharField(_("nature"), max_length=30, choices=vocab.Nature.choices, blank=True)
    participation_level = models.CharField(
        _("niveau de participation"),
        max_length=20,
        choices=vocab.ParticipationLevel.choices,
        blank=True,
        db_index=True,
    )
    themes = ParentalManyToManyField(
        ThemeTerm, verbose_name=_("thèmes"), related_name="practices", blank=True
    )
    # Timing
    # Also indexed latest first on PostgreSQL (migration 0003): the catalogue's order.
    start_date = models.DateField(_("date de début"), null=True, blank=True, db_index=True)
    end_date = models.DateField(_("date de fin"), null=True, blank=True)
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=vocab.Status.choices,
        default=vocab.Status.ONGOING,
        db_index=True,
    )
    # Participants
    publics = models.CharField(
        _("publics"),
        max_length=255,
        blank=True,
        help_text=_("Par ex. « habitants de 16 ans et plus »"),
    )
    recruitment = models.CharField(
        _("recrutement"), max_length=20, choices=vocab.Recruitment.choices, blank=True
    )
    participants = models.PositiveIntegerField(_("nombre de participants"), null=True, blank=True)
    # Resources
    budget = models.PositiveIntegerField(
        _("budget ou enveloppe (€)"), null=True, blank=True, help_text=_("En euros.")
    )
    carrier = models.CharField(
        _("porteur"), max_length=20, choices=vocab.Carrier.choices, blank=True
    )
    partners = ParentalManyToManyField(
        "partners.PartnerPage",
        related_name="practices",
        blank=True,
        verbose_name=_("partenaires qui la soutiennent"),
    )
    # The story
    context = StreamField(PressBodyBlock(), blank=True, verbose_name=_("contexte"))
    how_it_works = StreamField(PressBodyBlock(), blank=True, verbose_name=_("fonctionnement"))
    results = StreamField(PressBodyBlock(), blank=True, verbose_name=_("résultats"))
    lessons = StreamField(PressBodyBlock(), blank=True, verbose_name=_("enseignements"))
    advice = StreamField(
        PressBodyBlock(),
        blank=True,
        verbose_name=_("conseils pour les communes qui veulent s'en inspirer"),
    )
    # Census metadata
    census_source = models.CharField(
        _("source du recensement"), max_length=20, choices=vocab.CensusSource.choices, blank=True
    )
    collected_on = models.DateField(_("date de collecte"), null=True, blank=True)
    verification_status = models.CharField(
        _("vérification"),
        max_length=20,
        choices=vocab.VerificationStatus.choices,
        default=vocab.VerificationStatus.UNVERIFIED,
    )
    # Accent-folded text searched by the catalogue (kept in SQL so it combines with facets).
    search_text = models.TextField(editable=False, blank=True, default="")

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []
    serve_related = ("lead_image", "commune")

    identity_panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("lead_image"),
        FieldPanel("is_example"),
    ]
    territory_panels = [
        FieldPanel("commune"),
        FieldPanel("scale"),
        FieldPanel("in_priority_neighbourhood"),
    ]
    device_panels = [
        FieldPanel("device_types", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("nature"), FieldPanel("participation_level")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("status")]
                )
            ],
            heading=_("Calendrier"),
        ),
    ]
    participants_panels = [
        FieldPanel("publics"),
        FieldRowPanel([FieldPanel("recruitment"), FieldPanel("participants")]),
        FieldRowPanel([FieldPanel("budget"), FieldPanel("carrier")]),
        FieldPanel("partners"),
    ]
    story_panels = [
        FieldPanel("context"),
        FieldPanel("how_it_works"),
        FieldPanel("results"),
        FieldPanel("lessons"),
        FieldPanel("advice"),
    ]
    attachments_panels = [
        InlinePanel("documents", heading=_("Documents"), label=_("Document")),
        InlinePanel("photos", heading=_("Photos"), label=_("Photo")),
        InlinePanel(
            "contacts",
            heading=_("Contacts"),
            label=_("Contact"),
            help_text=_("Publiés seulement avec le consentement de la personne."),
        ),
    ]
    follow_up_panels = [
        InlinePanel(
            "follow_ups",
            heading=_("Suivi"),
            label=_("Étape du suivi"),
            help_text=_(
                "Ce que la pratique est devenue : décision, mise en œuvre, évaluation, arrêt."
            ),
        )
    ]
    census_panels = [
        FieldPanel("census_source"),
        FieldPanel("collected_on"),
        FieldPanel("verification_status"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(identity_panels, heading=_("Identité")),
            ObjectList(territory_panels, heading=_("Territoire")),
            ObjectList(device_panels, heading=_("Dispositif")),
            ObjectList(participants_panels, heading=_("Participants et moyens")),
            ObjectList(story_panels, heading=_("Récit")),
            ObjectList(attachments_panels, heading=_("Documents, photos, contacts")),
            ObjectList(follow_up_panels, heading=_("Suivi")),
            ObjectList(census_panels, heading=_("Recensement")),
            ObjectList(Page.promote_panels, heading=_("Référencement")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("publics"),
        index.SearchField("context"),
        index.SearchField("how_it_works"),
        index.SearchField("results"),
        index.SearchField("lessons"),
        index.SearchField("advice"),
        index.RelatedFields("commune", [index.SearchField("name"), index.SearchField("epci_name")]),
        index.FilterField("status"),
        index.FilterField("participation_level"),
    ]

    class Meta:
        verbose_name = _("bonne pratique")
        verbose_name_plural = _("bonnes pratiques")
        indexes = [
            # The columns the facets and the statistics count, read from this narrow index
            # instead of the wide rows (PostgreSQL; other databases have no covering index).
            models.Index(
                fields=["page_ptr"],
                include=[
                    "commune",
                    "status",
                    "participation_level",
                    "start_date",
                    "participants",
                    "budget",
                ],
                name="practice_facets",
            )
        ]

    def clean(self):
        super().clean()
        validate_date_range(self.start_date, self.end_date)

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def build_search_text(self):
        commune = self.commune if self.commune_id else None
        parts = [
            self.title,
            self.summary,
            self.publics,
            commune.name if commune else "",
            commune.epci_name if commune else "",
        ]
        for field in ("context", "how_it_works", "results", "lessons", "advice"):
            parts.append(stream_text(getattr(self, field).raw_data))
        return fold(" ".join(parts))

    @property
    def participation_rate(self):
        """Participants per 100 inhabitants of the commune, when both figures are known."""
        population = self.commune.population if self.commune_id else None
        if not self.participants or not population:
            return None
        return Decimal(self.participants * 100) / Decimal(population)

    @property
    def budget_per_inhabitant(self):
        population = self.commune.population if self.commune_id else None
        if self.budget is None or not population:
            return None
        return Decimal(self.budget) / Decimal(population)

    @property
    def status_label(self):
        """The label `get_status_display()` gives, looked up by value in the vocabulary rather
        than through the whole list of choices as Django does: the catalogue shows twenty
        cards."""
        try:
            return vocab.Status(self.status).label
        except ValueError:
            return self.status

    @property
    def is_verified(self):
        return self.verification_status == vocab.VerificationStatus.VERIFIED

    @cached_property
    def public_contacts(self):
        return [contact for contact in self.contacts.all() if contact.consent_to_publish]

    def similar_practices(self):
        """Up to three other published practices sharing one of its device types or themes,
        latest start first (the order of an index: ranking device types first made the
        database compare every match). Its terms are subqueries: the case study reads its own
        device types with those of these practices, once they are known."""
        devices = DeviceLink.objects.filter(practicepage_id=self.pk).values("devicetypeterm_id")
        themes = ThemeLink.objects.filter(practicepage_id=self.pk).values("themeterm_id")
        links = {"practicepage_id": OuterRef("pk")}
        shares_device = Exists(DeviceLink.objects.filter(**links, devicetypeterm__in=devices))
        shares_theme = Exists(ThemeLink.objects.filter(**links, themeterm__in=themes))
        return (
            PracticePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(shares_device | shares_theme)
            .order_by(F("start_date").desc(nulls_last=True), "pk")
        )[:SIMILAR_COUNT]

    def read_terms(self, similar_practices):
        """Sets the device types of the page and of its similar practices (their cards show
        them) as `device_type_list`, and the page's themes as `theme_list`, in the vocabularies'
        order: the two link tables read in one query."""
        practices = [self, *similar_practices]
        device_types = DeviceLink.objects.filter(practicepage__in=practices).values_list(
            "practicepage_id", "devicetypeterm__position", "devicetypeterm_id", Value("device")
        )
        themes = ThemeLink.objects.filter(practicepage=self).values_list(
            "practicepage_id", "themeterm__position", "themeterm_id", Value("theme")
        )
        terms = {practice.pk: {"device": [], "theme": []} for practice in practices}
        for practice_id, position, slug, vocabulary in sorted(device_types.union(themes, all=True)):
            term_class = DeviceTypeTerm if vocabulary == "device" else ThemeTerm
            terms[practice_id][vocabulary].append(term_class(slug=slug, position=position))
        for practice in practices:
            practice.device_type_list = terms[practice.pk]["device"]
        self.theme_list = terms[self.pk]["theme"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(views.case_study_context(self, request))
        return context


DeviceLink = PracticePage.device_types.through
ThemeLink = PracticePage.themes.through


class PracticeDocument(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(
        _("nature du document"), max_length=20, choices=vocab.DocumentKind.choices
    )
    title = models.CharField(
        _("intitulé"),
        max_length=255,
        blank=True,
        help_text=_("Laissez vide pour reprendre le titre du document."),
    )

    panels = [FieldPanel("document"), FieldPanel("kind"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")


class PracticePhoto(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("légende"), max_length=255, blank=True)
    credit = models.CharField(
        _("crédit"),
        max_length=255,
        blank=True,
        help_text=_("Laissez vide pour reprendre le crédit enregistré avec l'image."),
    )

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")

    @property
    def credit_line(self):
        return self.credit or self.image.credit


class PracticeContact(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    consent_to_publish = models.BooleanField(
        _("consent à la publication"),
        default=False,
        help_text=_("Sans ce consentement, le contact n'est jamais affiché ni exporté."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("consent_to_publish"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")


class PracticeFollowUp(Orderable):
    """A dated step of what became of the practice, shown in the case study's timeline."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    kind = models.CharField(_("étape"), max_length=20, choices=vocab.FollowUpKind.choices)
    text = models.CharField(
        _("texte"), max_length=500, help_text=_("Une ou deux phrases, sans mise en forme.")
    )
    source_url = models.URLField(_("lien vers la source"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("source_url"), FieldPanel("document")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("étape du suivi")
        verbose_name_plural = _("suivi")

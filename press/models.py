import datetime
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import (
    Count,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.images.models import Filter
from wagtail.models import Orderable, Page, Site
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.pages import BasePage, PageManager, PageQuerySet
from cms.pagination import page_number
from cms.renditions import attach_renditions, specs, with_renditions
from press.blocks import PressBodyBlock
from press.changes import NOTE_FIELDS, ChangeKind, changes, version_view, versions_view
from press.feeds import ReleaseAtomFeed, ReleaseRssFeed
from press.filters import ReleaseFilterSet
from press.invitations import invitation_ics_response, upcoming
from press.media_kit import THUMBNAIL_RENDITIONS, dossier_response, media_response
from press.media_kit import page_context as media_kit_context
from press.pdf import release_pdf_response

RELEASES_PER_PAGE = 12
CONTACTS_PER_PAGE = 24
RELATED_RELEASES = 3
ABOUT_FEATURES = ["bold", "italic", "link"]


# The renditions a release's templates show (templates/press/): its card's {% picture %}, and on
# its page the lead image's {% picture %} and social network image.
CARD_RENDITIONS = specs("format-{avif,webp,jpeg}|fill-{320x180,640x360}")
SOCIAL_IMAGE = "fill-1200x630"
LEAD_RENDITIONS = [*specs("format-{avif,webp,jpeg}|width-{480,960,1440}"), SOCIAL_IMAGE]
# A press contact card's photo (templates/press/includes/press_contact.html).
CONTACT_PHOTO_RENDITIONS = specs("format-{avif,webp,jpeg}|fill-{96x96,192x192}")


class InvitationKind(models.TextChoices):
    PRESS_CONFERENCE = "conference", _("Conférence de presse")
    PRESS_POINT = "point", _("Point presse")


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    LOGO = "logo", _("Logo")


class MediaLicence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    PRESS_ONLY = "presse", _("Usage presse uniquement")
    ALL_RIGHTS_RESERVED = "tous-droits-reserves", _("Tous droits réservés")


# What the press room's agenda (templates/press/includes/agenda.html) shows of an invitation.
AGENDA_FIELDS = ["title", "url_path", "invitation_kind", "event_start", "event_place"]
NEWEST_FIRST = ["-release_date", "-first_published_at", "-pk"]
OLDEST_FIRST = ["release_date", "first_published_at", "pk"]
# What a release's card (templates/press/includes/release_list.html) and its previous and next
# links show of it.
LINKED_RELEASE_FIELDS = [
    "title",
    "url_path",
    "release_date",
    "first_published_at",
    "kicker",
    "standfirst",
    "lead_image",
]


class ReleaseQuerySet(PageQuerySet):
    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)

    def with_lead_images(self):
        """Their lead images, with the renditions of their cards: no query per card."""
        return with_renditions(self, "lead_image", CARD_RENDITIONS)

    def with_topic(self, slug):
        tagged = PressReleaseTopic.objects.filter(tag__slug=slug)
        return self.filter(pk__in=tagged.values("content_object_id"))

    def with_partner(self, slug):
        linked = PressReleasePartner.objects.filter(partner__slug=slug)
        return self.filter(pk__in=linked.values("page_id"))

    def sharing(self, topic_ids, partner_ids):
        """The releases that have one of these topics (tags) or partners (pages)."""
        tagged = PressReleaseTopic.objects.filter(tag__in=topic_ids)
        linked = PressReleasePartner.objects.filter(partner__in=partner_ids)
        return self.filter(
            Q(pk__in=tagged.values("content_object_id")) | Q(pk__in=linked.values("page_id"))
        )

    def year_counts(self):
        """(year, number of releases) of these releases, newest year first."""
        return (
            self.annotate(year=ExtractYear("release_date"))
            .values_list("year")
            .annotate(Count("pk"))
            .order_by("-year")
        )

    def topic_choices(self):
        """(slug, name) of the topics these releases use, by name."""
        topics = PressReleaseTopic.tag_model().objects
        in_use = topics.filter(pk__in=PressReleaseTopic.objects.values("tag"))
        return self.in_use(in_use, "tagged_items__tag", "name")

    def partner_choices(self):
        """(slug, title) of the partners these releases name, by title."""
        partners = PressReleasePartner.partner.field.related_model.objects
        in_use = partners.filter(pk__in=PressReleasePartner.objects.values("partner"))
        return self.in_use(in_use, "partner_links__partner", "title")

    def in_use(self, candidates, lookup, label):
        """(slug, label) of the candidates, by label, that one of these releases has at `lookup`.

        Each candidate (a topic or partner of some release: a few dozen) looks up its first such
        release, which stops there; an Exists filter may instead be planned as a join over
        every release.
        """
        first = self.filter(**{lookup: OuterRef("pk")}).order_by().values("pk")[:1]
        rows = candidates.annotate(release=Subquery(first)).values_list("slug", label, "release")
        return [(slug, name) for slug, name, release in rows.order_by(label) if release]


def default_press_contacts(request):
    """The active default press contacts of the request's site, shown by releases without
    their own, with their photos' renditions."""
    _settings, contacts = press_settings_and_default_contacts(request)
    attach_renditions(([contact.photo for contact in contacts], CONTACT_PHOTO_RENDITIONS))
    return contacts


def press_settings_and_default_contacts(request):
    """The press settings of the request's site and its active default press contacts by name
    (their photos' renditions left to the caller), read together in one query when there are
    some."""
    links = (
        PressSettings.default_press_contacts.through.objects.filter(
            presssettings__site=Site.find_for_request(request), presscontact__is_active=True
        )
        .select_related("presssettings", "presscontact__photo")
        .order_by("presscontact__name", "presscontact")
    )
    contacts = [link.presscontact for link in links]
    if not contacts:
        return PressSettings.for_request(request), []
    return links[0].presssettings, contacts


class PressContactManager(models.Manager):
    def get_queryset(self):
        """With the photo, which every card of a contact shows: a contacts block reads its
        contacts through this manager."""
        return super().get_queryset().select_related("photo")


@register_snippet
class PressContact(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=150)
    role = models.CharField(_("fonction"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(
        _("actif"), default=True, help_text=_("Les contacts inactifs ne sont plus affichés.")
    )

    objects = PressContactManager()

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")],
            heading=_("Identité"),
        ),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Coordonnées")),
        FieldPanel("photo"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = _("contact presse")
        verbose_name_plural = _("contacts presse")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


@register_setting(icon="group")
class PressSettings(BaseSiteSetting):
    default_press_contacts = models.ManyToManyField(
        PressContact,
        blank=True,
        related_name="+",
        verbose_name=_("contacts presse par défaut"),
        help_text=_("Affichés sur les communiqués qui n'ont pas de bloc « Contacts presse »."),
    )
    press_boilerplate = RichTextField(
        _("« À propos » par défaut"),
        blank=True,
        features=ABOUT_FEATURES,
        help_text=_("Texte de présentation du collectif en fin de communiqué."),
    )

    panels = [
        FieldPanel("default_press_contacts", widget=forms.CheckboxSelectMultiple),
        FieldPanel("press_boilerplate"),
    ]

    class Meta:
        verbose_name = _("paramètres presse")


class PressIndexPage(RoutablePageMixin, BasePage):
    """« Espace presse »: the releases, newest first, with filters, feeds and contacts."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Une ou deux phrases d'accueil pour les journalistes."),
    )
    press_kit = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("dossier de presse"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le dossier de presse du collectif, proposé en téléchargement."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("press_kit")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["press.PressReleasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("espace presse")
        verbose_name_plural = _("espaces presse")

    def releases(self):
        """Live, public releases of this press room, newest first, without their body."""
        return (
            PressReleasePage.objects.live()
            .public_children_of(self)
            .defer_streamfields()
            .newest_first()
        )

    @path("")
    def release_list(self, request):
        filterset = ReleaseFilterSet(request.GET, queryset=self.releases())
        cards = filterset.qs.with_lead_images().only(*LINKED_RELEASE_FIELDS)
        paginator = Paginator(cards, RELEASES_PER_PAGE)
        if not filterset.is_filtered:
            paginator.count = filterset.release_count  # counted with the filters' choices
        try:
            page_obj = paginator.page(page_number(request.GET.get("page")))
        except EmptyPage as error:
            raise Http404 from error
        return self.render(
            request,
            context_overrides={
                "filter_form": filterset.form,
                "page_obj": page_obj,
                "releases": page_obj.object_list,
                "is_filtered": filterset.is_filtered,
                "agenda": upcoming(self.releases().only(*AGENDA_FIELDS)),
            },
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return ReleaseRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return ReleaseAtomFeed()(request, index=self)

    @path("contacts/", name="contacts")
    def contacts(self, request):
        """The active press contacts by name, a page at a time, with their photos' renditions."""
        contacts = PressContact.objects.filter(is_active=True).order_by("name", "pk")
        paginator = Paginator(
            with_renditions(contacts, "photo", CONTACT_PHOTO_RENDITIONS), CONTACTS_PER_PAGE
        )
        try:
            page_obj = paginator.page(page_number(request.GET.get("page")))
        except EmptyPage as error:
            raise Http404 from error
        return self.render(
            request,
            template="press/press_contacts_page.html",
            context_overrides={"page_obj": page_obj, "contacts": page_obj.object_list},
        )


class PressReleaseTopic(TaggedItemBase):
    content_object = ParentalKey(
        "press.PressReleasePage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("thème du communiqué")
        verbose_name_plural = _("thèmes des communiqués")


class PressReleasePage(RoutablePageMixin, BasePage):
    """A « communiqué de presse », embargoed through Wagtail's scheduled publishing."""

    dateline_place = models.CharField(
        _("lieu de la date"),
        max_length=100,
        default="Lille",
        help_text=_("Le lieu de la ligne de date : « Lille, le 23 novembre 2023 »."),
    )
    release_date = models.DateField(
        _("date du communiqué"),
        default=datetime.date.today,
        db_index=True,  # previous, next and related releases; the press room's order
        help_text=_(
            "La date affichée. Pour un embargo, programmez la publication "
            "(« Programmer la publication » dans le panneau d'état)."
        ),
    )
    kicker = models.CharField(
        _("surtitre"),
        max_length=150,
        blank=True,
        help_text=_("Facultatif, au-dessus du titre, par ex. « Partenariat »."),
    )
    standfirst = models.TextField(
        _("chapô"),
        max_length=600,
        help_text=_("Le résumé en une ou deux phrases, repris dans les listes et les flux."),
    )
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image principale"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Facultative. Son texte alternatif, obligatoire, se saisit dans la fiche de l'image."
        ),
    )
    body = StreamField(PressBodyBlock(), verbose_name=_("corps du communiqué"))
    topics = ClusterTaggableManager(
        through=PressReleaseTopic,
        blank=True,
        verbose_name=_("thèmes"),
        help_text=_("Les thèmes servent aux filtres de l'espace presse et aux flux par thème."),
    )
    alert_subscribers = models.BooleanField(
        _("Alerter les abonnés"),
        default=True,
        help_text=_(
            "À la publication (ou à la levée de l'embargo), les journalistes abonnés à ses "
            "thèmes reçoivent le communiqué. Décochez avant de publier pour ne pas les alerter."
        ),
    )
    about = RichTextField(
        _("« À propos »"),
        blank=True,
        features=ABOUT_FEATURES,
        help_text=_("Laissez vide pour reprendre le texte « À propos » des paramètres du site."),
    )
    invitation_kind = models.CharField(
        _("invitation presse"),
        max_length=20,
        choices=InvitationKind.choices,
        blank=True,
        help_text=_("Pour un communiqué qui invite la presse à un événement."),
    )
    change_kind = models.CharField(
        _("nature de la modification"), max_length=20, choices=ChangeKind.choices, blank=True
    )
    change_note = models.TextField(
        _("note de modification"),
        blank=True,
        help_text=_(
            "Pour corriger ou mettre à jour un communiqué déjà publié : la note paraît, datée, "
            "dans son « Historique des modifications ». Les retouches mineures n'en ont pas "
            "besoin."
        ),
    )
    change_history = models.JSONField(default=list, editable=False)
    # Indexed: the press room's agenda reads the upcoming ones.
    event_start = models.DateTimeField(_("début"), null=True, blank=True, db_index=True)
    event_end = models.DateTimeField(_("fin"), null=True, blank=True)
    event_place = models.CharField(
        _("lieu"),
        max_length=200,
        blank=True,
        help_text=_("Par ex. « Hôtel de ville de Lille, salle du conseil »."),
    )
    event_address = models.TextField(_("adresse"), blank=True)
    accreditation_contact = models.ForeignKey(
        PressContact,
        verbose_name=_("contact pour l'accréditation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        FieldPanel("kicker"),
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("change_kind"), FieldPanel("change_note")],
            heading=_("Correction ou mise à jour"),
            classname="collapsed",
        ),
    ]
    release_panels = [
        MultiFieldPanel(
            [FieldPanel("dateline_place"), FieldPanel("release_date")],
            heading=_("Ligne de date"),
        ),
        FieldPanel("topics"),
        FieldPanel("alert_subscribers"),
        InlinePanel("partner_links", heading=_("Partenaires concernés"), label=_("Partenaire")),
        InlinePanel("press_kit_documents", heading=_("Dossier de presse"), label=_("Document")),
        InlinePanel("media_items", heading=_("Photos et logos à télécharger"), label=_("Média")),
        FieldPanel("about"),
    ]
    invitation_panels = [
        FieldPanel("invitation_kind"),
        MultiFieldPanel(
            [FieldPanel("event_start"), FieldPanel("event_end")], heading=_("Date et heure")
        ),
        FieldPanel("event_place"),
        FieldPanel("event_address"),
        FieldPanel("accreditation_contact"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(release_panels, heading=_("Communiqué")),
            ObjectList(invitation_panels, heading=_("Invitation presse")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("kicker"),
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.FilterField("release_date"),
    ]
    parent_page_types = ["press.PressIndexPage"]
    subpage_types = []
    preview_modes = [("", _("Communiqué")), ("pdf", _("PDF"))]
    serve_related = ("lead_image", "accreditation_contact")

    objects = PageManager.from_queryset(ReleaseQuerySet)()

    class Meta:
        verbose_name = _("communiqué de presse")
        verbose_name_plural = _("communiqués de presse")
        indexes = [
            # The press room's count of releases by year reads this narrow index instead of
            # the wide rows (PostgreSQL; other databases have no covering index).
            models.Index(fields=["page_ptr"], include=["release_date"], name="release_dates"),
        ]

    def clean(self):
        super().clean()
        self.clean_invitation()
        self.clean_change_note()
        if self.lead_image and not self.lead_image.description.strip():
            raise ValidationError(
                {
                    "lead_image": _(
                        "Cette image n'a pas de texte alternatif : complétez-le dans la "
                        "fiche de l'image avant de la choisir."
                    )
                }
            )

    def clean_change_note(self):
        if bool(self.change_kind) != bool(self.change_note.strip()):
            raise ValidationError(
                {"change_note": _("Une note de modification a une nature et un texte.")}
            )
        if self.change_kind and not self.first_published_at:
            raise ValidationError(
                {"change_note": _("Une note de modification concerne un communiqué déjà publié.")}
            )

    def with_content_json(self, content):
        """A revision read back: its history is the live page's, and its change note is left to
        the revision it was written for (a new draft starts without one)."""
        page = super().with_content_json(content)
        page.change_history = self.change_history
        for field in NOTE_FIELDS:
            setattr(page, field, "")
        return page

    def clean_invitation(self):
        if not self.invitation_kind:
            return
        errors = {}
        if not self.event_start:
            errors["event_start"] = _("Une invitation presse a une date et une heure de début.")
        if not self.event_place.strip():
            errors["event_place"] = _("Une invitation presse a un lieu.")
        if self.event_start and self.event_end and self.event_end <= self.event_start:
            errors["event_end"] = _("La fin de l'événement doit suivre son début.")
        if errors:
            raise ValidationError(errors)

    @path("pdf/", name="pdf")
    def pdf(self, request):
        return release_pdf_response(request, self)

    @path("medias/<id:media_id>/", name="media")
    def media(self, request, media_id):
        return media_response(request, self, media_id)

    @path("dossier.zip/", name="dossier")  # served at …/dossier.zip (cms.views.page_file)
    def dossier(self, request):
        return dossier_response(request, self, lambda: default_press_contacts(request))

    @path("versions/", name="versions")
    def versions(self, request):
        return versions_view(request, self)

    @path("versions/<id:number>/", name="version")
    def version(self, request, number):
        return version_view(request, self, number)

    @path("invitation.ics/", name="invitation")  # served at …/invitation.ics (cms.views.page_file)
    def invitation(self, request):
        return invitation_ics_response(request, self)

    def serve_preview(self, request, mode_name):
        if mode_name == "pdf":
            return self.pdf(request)
        return super().serve_preview(request, mode_name)

    @property
    def published_at(self):
        """The aware datetime of the release: its first publication if that day, else 00:00."""
        if self.first_published_at and timezone.localdate(self.first_published_at) == (
            self.release_date
        ):
            return self.first_published_at
        return timezone.make_aware(datetime.datetime.combine(self.release_date, datetime.time()))

    @cached_property
    def social_image(self):
        """The lead image's rendition for social networks (Open Graph, JSON-LD), or None: the
        one `get_context` read with the page's other renditions (Wagtail's `get_rendition`
        would write it back to the cache at each view), else made now."""
        if not self.lead_image:
            return None
        social = Filter(SOCIAL_IMAGE)
        try:
            return self.lead_image.find_existing_rendition(social)
        except self.lead_image.get_rendition_model().DoesNotExist:
            return self.lead_image.get_rendition(social)

    @cached_property
    def change_log(self):
        """Its change notes, newest first (press.changes)."""
        return changes(self)

    @cached_property
    def topic_list(self):
        """Its topics in the editor's order; in a preview, the ones being edited."""
        return [item.tag for item in self.tagged_items.select_related("tag").order_by("pk")]

    @cached_property
    def partner_list(self):
        """Its live partners in the editor's order; in a preview, the ones being edited."""
        links = self.partner_links.select_related("partner").only(
            "page", "partner", "partner__title", "partner__url_path", "partner__live"
        )
        return [link.partner for link in links if link.partner.live]

    def read_topics_and_partners(self):
        """Sets `topic_list` and `partner_list` (in the editor's order, live partners only)
        from the two link tables read in one query."""
        topics = self.tagged_items.values_list(
            Value("topic"), "pk", "tag_id", "tag__name", "tag__slug"
        )
        partners = self.partner_links.filter(partner__live=True).values_list(
            Value("partner"), "sort_order", "partner_id", "partner__title", "partner__url_path"
        )
        # Sorted here: a part of a union can have no ORDER BY on SQLite.
        rows = sorted(
            topics.order_by().union(partners.order_by(), all=True),
            key=lambda row: (row[0], row[1] or 0),
        )
        self.topic_list = [
            Tag(pk=pk, name=name, slug=slug)
            for kind, _order, pk, name, slug in rows
            if kind == "topic"
        ]
        partner_model = PressReleasePartner.partner.field.related_model
        self.partner_list = [
            partner_model(pk=pk, title=title, url_path=url_path, live=True)
            for kind, _order, pk, title, url_path in rows
            if kind == "partner"
        ]

    @cached_property
    def siblings(self):
        """The other live, public releases of its press room, with the columns their links and
        cards show."""
        releases = PressReleasePage.objects.live().public_children_of(self.get_parent())
        siblings = releases.exclude(pk=self.pk)
        return siblings.only(*LINKED_RELEASE_FIELDS)

    def older_q(self):
        older = Q(release_date__lt=self.release_date)
        if self.first_published_at:
            older |= Q(
                release_date=self.release_date, first_published_at__lt=self.first_published_at
            )
        # The bound on the date alone lets the database start from this date in its index.
        return older & Q(release_date__lte=self.release_date)

    def newer_q(self):
        newer = Q(release_date__gt=self.release_date)
        if self.first_published_at:
            newer |= Q(
                release_date=self.release_date, first_published_at__gt=self.first_published_at
            )
        return newer & Q(release_date__gte=self.release_date)

    def is_newer_than(self, release):
        """Whether it comes after `release` in the press room's order, of two releases that
        `older_q` or `newer_q` tell apart."""
        if self.release_date != release.release_date:
            return self.release_date > release.release_date
        return self.first_published_at > release.first_published_at

    @cached_property
    def neighbours(self):
        """The releases just older and just newer than this one, read in one query."""
        siblings = self.siblings
        older = siblings.filter(self.older_q()).newest_first()
        newer = siblings.filter(self.newer_q()).order_by(*OLDEST_FIRST)
        # The subqueries filter the siblings: the rows need no other condition.
        rows = PressReleasePage.objects.filter(
            Q(pk=Subquery(older.values("pk")[:1])) | Q(pk=Subquery(newer.values("pk")[:1]))
        ).only(*LINKED_RELEASE_FIELDS)
        previous = next_ = None
        for row in rows:
            if row.is_newer_than(self):
                next_ = row
            else:
                previous = row
        return previous, next_

    def previous_release(self):
        """The release just older than this one."""
        return self.neighbours[0]

    def next_release(self):
        """The release just newer than this one."""
        return self.neighbours[1]

    @cached_property
    def related(self):
        topic_ids = [topic.pk for topic in self.topic_list]  # None for a new topic in a preview
        partner_ids = [partner.pk for partner in self.partner_list]
        if not (topic_ids or partner_ids):
            return []
        related = self.siblings.sharing(topic_ids, partner_ids).newest_first()
        return list(related.select_related("lead_image")[:RELATED_RELEASES])

    def related_releases(self):
        """The newest releases sharing a topic or a live partner with this one, with their
        lead images (`get_context` reads their renditions with the page's others)."""
        return self.related

    def press_contacts_blocks(self):
        return [block for block in self.body if block.block_type == "press_contacts"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        body_blocks, contacts_blocks = [], []
        for block in self.body:
            if block.block_type == "press_contacts":
                contacts_blocks.append(block)
            else:
                body_blocks.append(block)
        if not getattr(request, "is_preview", False):  # else the links being edited, in memory
            self.read_topics_and_partners()
        related = self.related
        media_kit = media_kit_context(self)
        press_settings, default_contacts = None, []
        if not contacts_blocks:
            press_settings, default_contacts = press_settings_and_default_contacts(request)
        if not self.about and press_settings is None:
            press_settings = PressSettings.for_request(request)
        block_contacts = [
            contact for block in contacts_blocks for contact in block.value["contacts"] if contact
        ]
        # The renditions of every image the page shows, in one query.
        attach_renditions(
            ([self.lead_image], LEAD_RENDITIONS),
            ([release.lead_image for release in related], CARD_RENDITIONS),
            ([item.item.image for item in media_kit["media_downloads"]], THUMBNAIL_RENDITIONS),
            (
                [contact.photo for contact in [*default_contacts, *block_contacts]],
                CONTACT_PHOTO_RENDITIONS,
            ),
        )
        context.update(
            body_blocks=body_blocks,
            press_contacts_blocks=contacts_blocks,
            previous_release=self.previous_release(),
            next_release=self.next_release(),
            related_releases=related,
            press_kit_documents=self.press_kit_documents.select_related("document"),
            partners=self.partner_list,
            default_press_contacts=default_contacts,
            # Its own « À propos », else the site's.
            about=self.about or press_settings.press_boilerplate,
            **media_kit,
        )
        return context


class PressReleasePartner(Orderable):
    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="partner_links")
    partner = models.ForeignKey(
        "partners.PartnerPage",
        verbose_name=_("partenaire"),
        on_delete=models.CASCADE,
        related_name="release_links",
    )

    panels = [PageChooserPanel("partner")]

    class Meta(Orderable.Meta):
        verbose_name = _("partenaire concerné")
        verbose_name_plural = _("partenaires concernés")


class PressReleaseDocument(Orderable):
    page = ParentalKey(
        PressReleasePage, on_delete=models.CASCADE, related_name="press_kit_documents"
    )
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("intitulé"),
        max_length=255,
        blank=True,
        help_text=_("Laissez vide pour reprendre le titre du document."),
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("document du dossier de presse")
        verbose_name_plural = _("documents du dossier de presse")


class PressReleaseMedia(Orderable):
    """A photo or a logo journalists download with its caption, credit and licence."""

    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="media_items")
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Son texte alternatif, obligatoire, se saisit dans la fiche de l'image."),
    )
    kind = models.CharField(
        _("nature"), max_length=10, choices=MediaKind.choices, default=MediaKind.PHOTO
    )
    caption = models.CharField(_("légende"), max_length=255)
    credit = models.CharField(
        _("crédit"),
        max_length=255,
        blank=True,
        help_text=_("Laissez vide pour reprendre le crédit de l'image."),
    )
    licence = models.CharField(_("licence"), max_length=30, choices=MediaLicence.choices)

    panels = [
        FieldPanel("image"),
        FieldPanel("kind"),
        FieldPanel("caption"),
        FieldPanel("credit"),
        FieldPanel("licence"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("photo ou logo à télécharger")
        verbose_name_plural = _("photos et logos à télécharger")

    @property
    def credit_line(self):
        return self.credit or self.image.credit

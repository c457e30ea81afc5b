from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.pages import BasePage, PageManager, PageQuerySet
from cms.pagination import page_number
from cms.renditions import attach_renditions, specs, with_renditions
from partners import structured_data
from partners.kinds import PartnerKind, kind_counts, kinds_present, selected_kind
from press.blocks import PressBodyBlock
from press.models import CONTACT_PHOTO_RENDITIONS, PressReleasePage

LOGO_RENDITIONS = specs("format-{avif,webp,png}|max-{240x80,480x160}")

# The partner index shows its cards a page at a time. A partner's page shows its newest
# releases and links to all of them in the press room (filtered on the partner); its supported
# practices, a longer list, are paginated.
RELEASES_SHOWN = 5
PRACTICES_PER_PAGE = 20
PARTNERS_PER_PAGE = 12

# What a partner's card, logo link and structured data show: `url_path` gives its URL.
LISTED_COLUMNS = (
    "title",
    "url_path",
    "kind",
    "logo",
    "descriptor",
    "summary",
    "website",
    "partner_since",
)


class PartnerIndexPage(BasePage):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["partners.PartnerPage"]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("index des partenaires")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        partners = PartnerPage.objects.child_of(self).listed()
        kind = selected_kind(request.GET)
        counts = kind_counts(partners)
        if kind:
            partners = partners.filter(kind=kind)
        paginator = Paginator(partners, PARTNERS_PER_PAGE)
        paginator.count = counts[kind]  # counted with the kinds, not by one more query
        try:
            page_obj = paginator.page(page_number(request.GET.get("page")))
        except EmptyPage as error:
            raise Http404 from error
        partners = page_obj.object_list
        item_list = structured_data.item_list(partners, request, start=page_obj.start_index())
        context.update(
            partners=partners,
            page_obj=page_obj,
            kinds=kinds_present(counts),
            current_kind=kind,
            json_ld=structured_data.json_ld_script(item_list),
        )
        return context


class PartnerPageQuerySet(PageQuerySet):
    def with_logos(self):
        """Logos with the renditions the partner templates show, whatever the number of pages."""
        return with_renditions(self, "logo", LOGO_RENDITIONS)

    def listed(self):
        """Live, public partners, newest partnership first (unknown dates last), with logos,
        read with the columns their cards, logos and structured data show."""
        return (
            self.live()
            .public()
            .only(*LISTED_COLUMNS)
            .order_by(F("partner_since").desc(nulls_last=True), "title")
            .with_logos()
        )


class PartnerPage(BasePage):
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    logo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    descriptor = models.CharField(
        _("descripteur"),
        max_length=200,
        blank=True,
        help_text=_("Une ligne, par ex. « Association qui œuvre en faveur de la citoyenneté »."),
    )
    summary = models.TextField(_("résumé"), max_length=500, blank=True)
    body = StreamField(PressBodyBlock(), blank=True, verbose_name=_("présentation"))
    website = models.URLField(_("site web"), blank=True)
    partner_since = models.DateField(_("partenaire depuis"), null=True, blank=True)
    scope = models.CharField(
        _("objet du partenariat"),
        max_length=300,
        blank=True,
        help_text=_("Ce que couvre le partenariat, en une phrase."),
    )
    contact = models.ForeignKey(
        "press.PressContact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partners",
    )

    objects = PageManager.from_queryset(PartnerPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("logo"), FieldPanel("descriptor")],
            heading=_("Identité"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("partner_since"), FieldPanel("scope"), FieldPanel("website")],
            heading=_("Partenariat"),
        ),
        FieldPanel("body"),
        FieldPanel("contact"),
        InlinePanel("contributions", heading=_("Contributions"), label=_("Contribution")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("descriptor"),
        index.SearchField("summary"),
        index.SearchField("scope"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["partners.PartnerIndexPage"]
    serve_related = ("logo", "contact__photo")
    subpage_types = []

    class Meta:
        verbose_name = _("partenaire")
        verbose_name_plural = _("partenaires")

    def releases(self):
        """Live, public press releases naming this partner (embargoed ones are not live yet)."""
        return (
            PressReleasePage.objects.live()
            .public()
            .filter(partner_links__partner=self)
            .distinct()
            .only("title", "url_path", "release_date")
            .order_by("-release_date", "-first_published_at")
        )

    def supported_practices(self):
        """Live, public practices this partner supported."""
        return (
            self.practices.live()
            .public()
            .select_related("commune")
            .only("title", "url_path", "commune__name", "commune__insee_code")
            .order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contact = self.contact if self.contact and self.contact.is_active else None
        attach_renditions(
            ([self.logo], LOGO_RENDITIONS),
            ([contact and contact.photo], CONTACT_PHOTO_RENDITIONS),
        )
        # One release more than shown tells whether there are others. A new partner, previewed
        # before its first save, is named by no release or practice.
        saved = self.pk is not None
        releases = list(self.releases()[: RELEASES_SHOWN + 1]) if saved else []
        try:
            supported = self.supported_practices() if saved else []
            practices = Paginator(supported, PRACTICES_PER_PAGE).page(
                page_number(request.GET.get("page"))
            )
        except EmptyPage as error:
            raise Http404 from error
        context.update(
            contributions=self.contributions.all(),
            releases=releases[:RELEASES_SHOWN],
            more_releases=len(releases) > RELEASES_SHOWN,
            practices=practices.object_list,
            page_obj=practices,
            contact=contact,
            json_ld=structured_data.json_ld_script(structured_data.organization(self, request)),
        )
        return context


class PartnerContribution(Orderable):
    page = ParentalKey(PartnerPage, on_delete=models.CASCADE, related_name="contributions")
    title = models.CharField(_("titre"), max_length=255)
    url = models.URLField(_("adresse"))
    date = models.DateField(_("date"), null=True, blank=True)

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("contribution")

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from cms.blocks import SocialLinkBlock


class SiteImage(AbstractImage):
    """Wagtail image whose alternative text (`description`) is mandatory, with a credit line."""

    description = models.CharField(
        _("texte alternatif"),
        max_length=255,
        help_text=_(
            "Décrivez l'image pour les personnes qui ne la voient pas (obligatoire). "
            "Ne répétez pas la légende."
        ),
    )
    credit = models.CharField(_("crédit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class SiteRendition(AbstractRendition):
    image = models.ForeignKey(SiteImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# The columns a link to a page needs: its text and its URL.
LINK_COLUMNS = ("title", "url_path")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("nom de l'organisation"),
        max_length=255,
        default="La participation citoyenne, cœur de nos communes",
    )
    organisation_descriptor = models.CharField(
        _("descripteur"), max_length=255, default="Collectif transpartisan d'élus"
    )
    mission = models.TextField(
        _("mission"),
        blank=True,
        help_text=_("Une ou deux phrases affichées en tête de la page d'accueil."),
    )
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    staff_email = models.EmailField(
        _("adresse de l'équipe"),
        blank=True,
        help_text=_("Reçoit les notifications internes (nouvelles contributions, etc.)."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("réseaux sociaux")
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Mentions légales »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Données personnelles »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page « Accessibilité »"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_status = models.CharField(
        _("conformité RGAA"),
        max_length=20,
        choices=[
            ("non", _("non conforme")),
            ("partielle", _("partiellement conforme")),
            ("totale", _("totalement conforme")),
        ],
        default="partielle",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_descriptor"),
                FieldPanel("mission"),
            ],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("staff_email"), FieldPanel("social_links")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("accessibility_page"),
                FieldPanel("accessibility_status"),
            ],
            heading=_("Pages légales"),
        ),
    ]

    select_related = ["legal_notice_page", "privacy_page", "accessibility_page"]

    @classmethod
    def base_queryset(cls):
        """Wagtail's, with only the columns of the legal pages that every page's footer shows
        (their title and URL) instead of three whole page rows. Every column of the settings
        themselves, so that saving them saves them all."""
        own = [field.name for field in cls._meta.concrete_fields]
        linked = [f"{name}__{column}" for name in cls.select_related for column in LINK_COLUMNS]
        return super().base_queryset().only(*own, *linked)

    class Meta:
        verbose_name = _("paramètres du site")

"""The shared StreamField block library: generic blocks every app's body is made of."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Titre de section (niveau 2)")), ("h3", _("Sous-titre (niveau 3)"))],
        default="h2",
    )

    class Meta:
        label = _("Intertitre")
        icon = "title"
        template = "blocks/heading_block.html"
        help_text = _("Structure le texte : un niveau 3 suit toujours un niveau 2.")
        preview_value = {"text": "Une gouvernance locale ouverte", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        label = _("Paragraphe")
        icon = "pilcrow"
        template = "blocks/paragraph_block.html"
        help_text = _("Texte courant : gras, italique, liens et listes.")
        preview_value = (
            "<p>En unissant nos forces et nos efforts, nous nous engageons à promouvoir "
            "une gouvernance locale <b>ouverte</b>, plus participative et plus inclusive.</p>"
        )


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    attribution = blocks.CharBlock(label=_("Auteur ou autrice"), required=False)
    role = blocks.CharBlock(label=_("Fonction"), required=False)

    class Meta:
        label = _("Citation")
        icon = "openquote"
        template = "blocks/quote_block.html"
        help_text = _("Une citation mise en valeur, avec son auteur et sa fonction.")
        preview_value = {
            "quote": "La reconnaissance de l'engagement citoyen est essentielle.",
            "attribution": "Baptiste Ménard",
            "role": "Porte-parole du collectif",
        }


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Légende"), required=False)
    credit = blocks.CharBlock(
        label=_("Crédit"),
        required=False,
        help_text=_("Laissez vide pour reprendre le crédit enregistré avec l'image."),
    )

    class Meta:
        label = _("Image")
        icon = "image"
        template = "blocks/captioned_image_block.html"
        help_text = _("Une image avec son texte alternatif, sa légende et son crédit.")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Adresse de la vidéo"), help_text=_("YouTube, Vimeo, Dailymotion…"))
    title = blocks.CharBlock(
        label=_("Titre de la vidéo"), help_text=_("Annoncé aux lecteurs d'écran.")
    )
    caption = blocks.CharBlock(label=_("Légende ou transcription"), required=False)

    class Meta:
        label = _("Vidéo")
        icon = "media"
        template = "blocks/video_block.html"
        help_text = _("Une vidéo intégrée depuis une plateforme de diffusion.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Intitulé du lien"),
        required=False,
        help_text=_("Laissez vide pour reprendre le titre du document."),
    )

    class Meta:
        label = _("Document à télécharger")
        icon = "doc-full"
        template = "blocks/document_block.html"
        help_text = _("Un lien de téléchargement qui indique le format et le poids du fichier.")


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    text = ParagraphBlock(label=_("Texte"))

    class Meta:
        label = _("Encadré")
        icon = "help"
        template = "blocks/callout_block.html"
        help_text = _("Un encadré pour une information à ne pas manquer.")
        preview_value = {
            "title": "Étape 1",
            "text": "<p>Diagnostic de l'état de la démocratie dans le Nord.</p>",
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Chiffre"), max_length=30)
    label = blocks.CharBlock(label=_("Libellé"), max_length=120)

    class Meta:
        label = _("Chiffre clé")
        icon = "order"


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    figures = blocks.ListBlock(KeyFigureBlock(), label=_("Chiffres"), min_num=1, max_num=6)

    class Meta:
        label = _("Chiffres clés")
        icon = "order"
        template = "blocks/key_figures_block.html"
        help_text = _("De un à six chiffres marquants, chacun avec son libellé.")
        preview_value = {
            "title": "Le collectif en chiffres",
            "figures": [
                {"value": "648", "label": "communes dans le Nord"},
                {"value": "2", "label": "partenaires"},
            ],
        }


class OrganisationBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Nom"))
    descriptor = blocks.CharBlock(label=_("Descripteur"), required=False)
    logo = ImageChooserBlock(label=_("Logo"), required=False)

    class Meta:
        label = _("Organisation")
        icon = "group"


class OrganisationBandBlock(blocks.StructBlock):
    organisations = blocks.ListBlock(
        OrganisationBlock(), label=_("Organisations"), min_num=1, max_num=8
    )

    class Meta:
        label = _("Bandeau des organisations")
        icon = "group"
        template = "blocks/organisation_band_block.html"
        help_text = _("Les organisations cosignataires, avec leur logo et leur descripteur.")
        preview_value = {
            "organisations": [
                {
                    "name": "Participation citoyenne, cœur de nos communes",
                    "descriptor": "Collectif transpartisan d'élus",
                },
                {
                    "name": "Empreintes Citoyennes",
                    "descriptor": "Association qui œuvre en faveur de la citoyenneté",
                },
            ]
        }


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        label=_("Réseau"),
        choices=[
            ("mastodon", "Mastodon"),
            ("bluesky", "Bluesky"),
            ("linkedin", "LinkedIn"),
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("x", "X"),
        ],
    )
    url = blocks.URLBlock(label=_("Adresse"))

    class Meta:
        label = _("Réseau social")
        icon = "link"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    key_figures = KeyFiguresBlock()
    organisation_band = OrganisationBandBlock()


class CallToActionBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(label=_("Libellé du bouton"), max_length=60)

    class Meta:
        label = _("Bouton d'appel à l'action")
        icon = "link"
        template = "blocks/call_to_action_block.html"

"""The press-contacts blocks, and the body that offers them to every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.blocks import BodyBlock


class InlinePressContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Nom"))
    role = blocks.CharBlock(label=_("Fonction"), required=False)
    organisation = blocks.CharBlock(label=_("Organisation"), required=False)
    email = blocks.EmailBlock(label=_("Courriel"), required=False)
    phone = blocks.CharBlock(label=_("Téléphone"), required=False, max_length=30)

    class Meta:
        label = _("Contact ponctuel")
        icon = "user"


class PressContactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default="Contacts presse")
    contacts = blocks.ListBlock(
        SnippetChooserBlock(
            "press.PressContact",
            label=_("Contact presse"),
            icon="user",
        ),
        label=_("Contacts enregistrés"),
        required=False,
        default=[],
        help_text=_("Choisissez dans la liste des contacts presse : modifiés une fois, partout."),
    )
    inline_contacts = blocks.ListBlock(
        InlinePressContactBlock(),
        label=_("Contacts ponctuels"),
        required=False,
        default=[],
        help_text=_("Un contact propre à ce texte, saisi ici."),
    )

    class Meta:
        label = _("Contacts presse")
        icon = "mail"
        template = "press/blocks/press_contacts_block.html"
        help_text = _("Les personnes que les journalistes peuvent joindre.")
        preview_value = {
            "title": "Contacts presse",
            "contacts": [],
            "inline_contacts": [
                {
                    "name": "Camille Exemple",
                    "role": "Chargée de communication",
                    "organisation": "La participation citoyenne, cœur de nos communes",
                    "email": "presse@example.org",
                    "phone": "03 20 00 00 00",
                }
            ],
        }


class PressBodyBlock(BodyBlock):
    """The shared body plus the press-contacts block."""

    press_contacts = PressContactsBlock()

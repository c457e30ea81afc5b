from django import template

from cms.templatetags.cms_tags import section_of_type
from partners.models import PartnerIndexPage, PartnerPage

register = template.Library()

# The home page shows the newest partnerships; the partner index lists them all.
STRIP_SIZE = 12


@register.inclusion_tag("partners/includes/partner_strip.html", takes_context=True)
def partner_strip(context):
    """The logos of the newest partners, each linking to its profile, and a link to all of them,
    in a constant number of queries."""
    return {
        "request": context.get("request"),
        "partners": PartnerPage.objects.listed()[:STRIP_SIZE],
        "partner_index": section_of_type(context, PartnerIndexPage),
    }

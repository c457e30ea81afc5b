from django import template

from cms.templatetags.cms_tags import section_of_type
from partners.models import PartnerIndexPage, PartnerPage

register = template.Library()


@register.inclusion_tag("partners/includes/partner_strip.html", takes_context=True)
def partner_strip(context):
    """The partners' logos, each linking to its profile, in a constant number of queries."""
    return {
        "request": context.get("request"),
        "partners": PartnerPage.objects.listed(),
        "partner_index": section_of_type(context, PartnerIndexPage),
    }

from django import template

from cms.queries import public
from partners.models import PartnerPage

register = template.Library()


@register.inclusion_tag("home/includes/key_figures.html")
def key_figures():
    return {"partner_count": public(PartnerPage.objects.live()).count()}

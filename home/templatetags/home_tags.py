from django import template

from partners.models import PartnerPage

register = template.Library()


@register.inclusion_tag("home/includes/key_figures.html")
def key_figures():
    return {"partner_count": PartnerPage.objects.live().public().count()}

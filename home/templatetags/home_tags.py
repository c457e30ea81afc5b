from django import template

from cms.queries import public
from partners.models import PartnerPage
from practices.models import PracticePage

register = template.Library()


@register.inclusion_tag("home/includes/key_figures.html")
def key_figures():
    practices = public(PracticePage.objects.live())
    return {
        "practice_count": practices.count(),
        "commune_count": practices.exclude(commune=None).values("commune").distinct().count(),
        "partner_count": public(PartnerPage.objects.live()).count(),
    }

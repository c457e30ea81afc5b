from django import template
from django.db.models import Count

from partners.models import PartnerPage
from practices.models import PracticePage

register = template.Library()


@register.inclusion_tag("home/includes/key_figures.html")
def key_figures():
    practices = (
        PracticePage.objects.live()
        .public()
        .aggregate(practice_count=Count("pk"), commune_count=Count("commune", distinct=True))
    )  # one reading of the practices for both figures
    return {**practices, "partner_count": PartnerPage.objects.live().public().count()}

from django import template

register = template.Library()


@register.inclusion_tag("partners/includes/partner_strip.html")
def partner_strip():
    return {"partners": []}

from django import template

register = template.Library()


@register.inclusion_tag("press/includes/latest_releases.html")
def latest_releases(count=3):
    return {"releases": []}

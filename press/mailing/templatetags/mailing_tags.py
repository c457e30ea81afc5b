from django import template

from press.mailing.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("mailing/includes/subscribe_form.html", takes_context=True)
def mailing_subscribe_form(context, heading_level=2):
    """The « Recevoir nos communiqués » form, to embed in any page (e.g. the press index)."""
    request = context.get("request")
    source = request.path if request else ""
    return {
        "form": SubscribeForm(initial={"source": source}),
        "heading_level": heading_level,
        "request": request,
        "settings": context.get("settings"),
    }

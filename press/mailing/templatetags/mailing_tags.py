from django import template

from press.mailing.forms import SubscribeForm

register = template.Library()


@register.inclusion_tag("mailing/includes/subscribe_form.html", takes_context=True)
def mailing_subscribe_form(context, heading_level=2, topics=None):
    """The « Recevoir nos communiqués » form, to embed in any page (e.g. the press index).

    `topics`: the choices of topics the page has already read, as (slug, name), to offer those
    (the press room passes its filter's: the topics of its published releases); blank values
    are left out.
    """
    request = context.get("request")
    source = request.path if request else ""
    form = SubscribeForm(initial={"source": source})
    if topics is not None:
        form.fields["topics"].choices = [(slug, name) for slug, name in topics if slug]
    return {
        "form": form,
        "heading_level": heading_level,
        "request": request,
        "settings": context.get("settings"),
    }

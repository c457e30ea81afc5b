from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(options):
    """The <option> elements of a select facet, « Lille (12) ».

    The commune facet has one option per commune (hundreds): written here, they cost a tenth
    of a template loop. Every value is escaped.
    """
    return mark_safe(  # noqa: S308 - built from escaped values only
        "\n".join(
            f'<option value="{escape(option.value)}"{" selected" if option.selected else ""}>'
            f"{escape(option.label)} ({option.count})</option>"
            for option in options
        )
    )


@register.simple_tag
def checkbox_options(facet, count_suffix):
    """The <li> items of a checkbox facet: a checkbox and its label, « Thème (12) », the count
    followed by `count_suffix` (« pratiques ») for screen readers only.

    The catalogue shows about a hundred of them: written here, like `select_options`, rather
    than by a template loop that resolves a dozen variables for each. Every value is escaped.
    """
    param = escape(facet.param)
    suffix = escape(count_suffix)
    return mark_safe(  # noqa: S308 - built from escaped values only
        "\n".join(
            f'<li><input type="checkbox" id="facet-{param}-{number}" name="{param}"'
            f' value="{escape(option.value)}"{" checked" if option.selected else ""}>'
            f' <label for="facet-{param}-{number}">{escape(option.label)}'
            f' <span class="facet__count">({option.count}<span class="visually-hidden">'
            f" {suffix}</span>)</span></label></li>"
            for number, option in enumerate(facet.options, start=1)
        )
    )

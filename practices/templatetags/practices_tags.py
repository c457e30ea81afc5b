from django import template
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from cms.text import escape_html as escape

register = template.Library()


@register.simple_tag
def select_options(options):
    """The <option> elements of a select facet, « Lille (12) ».

    The commune facet has one option per commune (hundreds): written here rather than by a
    template loop that resolves several variables for each. Every value is escaped.
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


@register.simple_tag
def chart_bars(chart):
    """The bars of a bar chart's SVG (bar_chart_svg.html), each a label, a bar and its value.

    Written here, like `checkbox_options`, rather than by a template loop resolving a dozen
    variables and filters for each of the statistics' ~50 bars. Every label is escaped.
    """
    label_x = chart.label_width - 8
    return mark_safe(  # noqa: S308 - built from escaped labels and numbers only
        "".join(
            f'\n  <g>\n    <text x="{label_x}" y="{bar.text_y:.1f}" text-anchor="end"'
            f' class="chart__label">{escape(Truncator(bar.label).chars(34))}</text>\n'
            f'    <rect x="{chart.label_width}" y="{bar.y}" width="{bar.width}"'
            f' height="{chart.bar_height}" class="chart__bar"></rect>\n'
            f'    <text x="{bar.value_x}" y="{bar.text_y:.1f}" class="chart__value">{bar.value}'
            "</text>\n  </g>\n  "
            for bar in chart.bars
        )
    )


@register.simple_tag
def chart_rows(chart):
    """The rows of a bar chart's data table (bar_chart.html): a label and its value."""
    return mark_safe(  # noqa: S308 - built from escaped labels and numbers only
        "".join(
            f'<tr><th scope="row">{escape(bar.label)}</th><td>{bar.value}</td></tr>'
            for bar in chart.bars
        )
    )


@register.simple_tag
def chart_summary(chart):
    """The bars read out in the SVG's description (bar_chart_svg.html): « Label : 12. »"""
    return mark_safe(  # noqa: S308 - built from escaped labels and numbers only
        "".join(f" {escape(bar.label)} : {bar.value}." for bar in chart.bars)
    )


@register.simple_tag
def map_points(practice_map):
    """The circles of a map of practices (the catalogue's and the reports'), one per commune of
    the selection (hundreds), each titled « Lille : 3 pratiques »: written here, like
    `select_options`, rather than by a template loop. Every title is escaped. Their colours
    come from the page's CSS or, in a report's PDF, from the enclosing group's attributes."""
    return mark_safe(  # noqa: S308 - built from escaped titles and numbers only
        "\n".join(
            f'<circle cx="{point.x:.1f}" cy="{point.y:.1f}"'
            f' r="{point.r:.1f}"><title>{escape(point.title)}</title></circle>'
            for point in practice_map.points
        )
    )

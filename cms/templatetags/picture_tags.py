"""`{% picture %}` as Wagtail's, with its filters parsed once per template rather than per image.

Wagtail's picture node builds its `Filter` objects again at every render, and each one parses
its operations (`inspect.getcallargs` per operation): with six renditions per picture, a page
of fifty partner logos spent more time there than in everything else it renders. The compiled
template (cached by the template loader) now keeps its filters. Each width is offered once per
format (see `distinct_widths`). The markup is Wagtail's `Picture`'s, written by `picture_html`.
Load it after `wagtailimages_tags` if the template also uses Wagtail's other image tags.
"""

from django import template
from django.apps import apps
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

from cms.text import escape_html

register = template.Library()


class SharedFiltersPictureNode(PictureNode):
    def get_filters(self):
        filters = getattr(self, "_filters", None)
        if filters is None:
            filters = self._filters = tuple(super().get_filters())
        return filters

    def render(self, context):
        """Wagtail's, with each width offered once per format."""
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = distinct_widths(get_renditions_or_not_found(image, self.get_filters()))
        if self.output_var_name:
            context[self.output_var_name] = Picture(renditions)
            return ""
        attrs = {key: value.resolve(context) for key, value in self.attrs.items()}
        if len(renditions) == len({image_format(spec) for spec in renditions}):
            attrs.pop("sizes", None)  # one candidate per format: no width to choose
        return picture_html(renditions, attrs)


def picture_html(renditions, attrs):
    """The markup of Wagtail's `Picture(renditions, attrs)`: a <source> per format but the
    fallback (the last format of Wagtail's order), then the fallback's <img> with every width.
    Written with `escape_html` instead of Django's `flatatt`, whose escaping of each value also
    checks it for lazy strings: a page of cards writes hundreds of these attributes."""
    formats = Picture(renditions).formats  # by format; {} for a single format
    groups = [
        (formats[fmt.name], fmt.mime_type)
        for fmt in Picture.source_format_order
        if fmt.name in formats
    ]
    fallback = groups.pop()[0] if groups else list(renditions.values())
    sizes = attrs.get("sizes")
    sources = "".join(
        "<source{}>".format(attributes({"srcset": srcset(group), "sizes": sizes, "type": mime}))
        for group, mime in groups
    )
    img = {**fallback[0].attrs_dict, **apps.get_app_config("wagtailimages").default_attrs}
    img.update(attrs)
    if len(fallback) > 1:
        img["srcset"] = srcset(fallback)
    return mark_safe(f"<picture>{sources}<img{attributes(img)}></picture>")  # noqa: S308 - escaped


def srcset(renditions):
    if len(renditions) == 1:
        return renditions[0].url
    return ", ".join(f"{rendition.url} {rendition.width}w" for rendition in renditions)


def attributes(attrs):
    """As Django's `flatatt`: sorted, `None` and `False` left out, `True` as a bare name,
    values already safe (`__html__`) kept as they are."""
    pairs, names = [], []
    for name, value in sorted(attrs.items()):
        if value is True:
            names.append(f" {name}")
        elif value is not None and value is not False:
            pairs.append(f' {name}="{escape(value)}"')
    return "".join(pairs) + "".join(names)


def escape(value):
    return value.__html__() if hasattr(value, "__html__") else escape_html(value)


def image_format(filter_spec):
    return next((op for op in filter_spec.split("|") if op.startswith("format-")), None)


def distinct_widths(renditions):
    """The renditions (by filter spec) less those of a width already offered in their format:
    an image narrower than the largest rendition gives the same width more than once (Wagtail
    never enlarges), and a srcset with two candidates of one width is invalid HTML."""
    offered = set()
    distinct = {}
    for spec, rendition in renditions.items():
        key = (image_format(spec), rendition.width)
        if key not in offered:
            offered.add(key)
            distinct[spec] = rendition
    return distinct


@register.tag
def picture(parser, token):
    node = image(parser, token)  # Wagtail's parsing and validation
    return SharedFiltersPictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )

"""`{% picture %}` as Wagtail's, with its filters parsed once per template rather than per image.

Wagtail's picture node builds its `Filter` objects again at every render, and each one parses
its operations (`inspect.getcallargs` per operation): with six renditions per picture, a page
of fifty partner logos spent more time there than in everything else it renders. The compiled
template (cached by the template loader) now keeps its filters. Each width is offered once per
format (see `distinct_widths`). Load it after
`wagtailimages_tags` if the template also uses Wagtail's other image tags.
"""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

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
        return Picture(renditions, attrs).__html__()


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

"""`{% picture %}` as Wagtail's, with its filters parsed once per template rather than per image.

Wagtail's picture node builds its `Filter` objects again at every render, and each one parses
its operations (`inspect.getcallargs` per operation): with six renditions per picture, a page
of fifty partner logos spent more time there than in everything else it renders. The compiled
template (cached by the template loader) now keeps its filters. Load it after
`wagtailimages_tags` if the template also uses Wagtail's other image tags.
"""

from django import template
from wagtail.images.templatetags.wagtailimages_tags import PictureNode, image

register = template.Library()


class SharedFiltersPictureNode(PictureNode):
    def get_filters(self):
        filters = getattr(self, "_filters", None)
        if filters is None:
            filters = self._filters = tuple(super().get_filters())
        return filters


@register.tag
def picture(parser, token):
    node = image(parser, token)  # Wagtail's parsing and validation
    return SharedFiltersPictureNode(
        node.image_expr, node.filter_specs, attrs=node.attrs, output_var_name=node.output_var_name
    )

"""The one way pages read their images: with the renditions their templates show.

Wagtail's `prefetch_renditions()` reads the given filter specs of every image of a queryset in
one more query; Wagtail's image tags then find them on the image instead of querying.
"""

from django.db.models import Prefetch
from wagtail.images import get_image_model
from wagtail.images.models import Filter


def specs(pattern):
    """The filter specs of a `{% picture %}` pattern: "format-{webp,jpeg}|fill-{320x180,640x360}"
    gives four."""
    return Filter.expand_spec(pattern)


def images_with_renditions(filter_specs):
    """Images with the renditions of `filter_specs` prefetched."""
    return get_image_model().objects.prefetch_renditions(*filter_specs)


def prefetch_images(lookup, filter_specs):
    """`Prefetch(lookup)` of the images at `lookup` (a foreign key to an image, possibly across
    relations: "lead_image", "photos__image") with the renditions of `filter_specs`."""
    return Prefetch(lookup, queryset=images_with_renditions(filter_specs))

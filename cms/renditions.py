"""The one way pages read their images: with the renditions their templates show.

As Wagtail's `prefetch_renditions()` does for a queryset of images (the same `to_attr`, which
Wagtail's image tags read), for the images a queryset of pages or snippets points to.
"""

from django.db.models import Prefetch, Q
from wagtail.images import get_image_model
from wagtail.images.models import Filter


def specs(pattern):
    """The filter specs of a `{% picture %}` pattern: "format-{webp,jpeg}|fill-{320x180,640x360}"
    gives four."""
    return Filter.expand_spec(pattern)


def renditions_prefetch(image_field, filter_specs):
    """The renditions of `filter_specs` of the images at `image_field` (a foreign key to an
    image), for `prefetch_related`."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=filter_specs)
    )
    return Prefetch(
        f"{image_field}__renditions", queryset=renditions, to_attr="prefetched_renditions"
    )


def with_renditions(queryset, image_field, filter_specs):
    """`queryset` with its images at `image_field` joined, and their renditions of
    `filter_specs` read in one more query for all of them."""
    return queryset.select_related(image_field).prefetch_related(
        renditions_prefetch(image_field, filter_specs)
    )


def attach_renditions(*groups):
    """Each `(images, filter_specs)` group's renditions, read in one query for all groups and
    kept on each image as `prefetch_renditions()` keeps them: a page showing images of several
    kinds (a lead image, cards, thumbnails) reads them together."""
    images = [image for group_images, _ in groups for image in group_images if image]
    wanted = Q()
    for group_images, filter_specs in groups:
        ids = {image.pk for image in group_images if image}
        if ids:
            wanted |= Q(image_id__in=ids, filter_spec__in=filter_specs)
    if not images:
        return
    renditions = list(get_image_model().get_rendition_model().objects.filter(wanted))
    for image in images:
        image.prefetched_renditions = []
        for rendition in renditions:
            if rendition.image_id == image.pk:
                rendition.image = image  # as a prefetch sets it: no query for its image
                image.prefetched_renditions.append(rendition)

"""Renditions read ahead of rendering, only those a template shows.

Wagtail's `prefetch_renditions()` reads every rendition of an image, or the same filter specs
for every image of a queryset. A page often shows one image in one size set (a release's lead
image) and others in another (the cards beside it): `prefetch_renditions` here reads what each
image needs in one query, and Wagtail's image tags then look nowhere else (neither the
renditions cache nor the database) — a missing rendition is still created on the fly.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.images import get_image_model
from wagtail.images.models import Filter


def specs(pattern):
    """The filter specs of a `{% picture %}` pattern: "format-{webp,jpeg}|fill-{320x180,640x360}"
    gives four."""
    return Filter.expand_spec(pattern)


def prefetch_renditions(wanted):
    """`wanted`: (image or None, filter specs) pairs. One query for all of them."""
    images = defaultdict(list)  # id → [(image, specs)]: one image may be shown twice
    ids_by_specs = defaultdict(set)
    for image, image_specs in wanted:
        if image is None:
            continue
        image_specs = frozenset(image_specs)
        images[image.pk].append((image, image_specs))
        ids_by_specs[image_specs].add(image.pk)
        image.prefetched_renditions = []
    if not images:
        return
    condition = reduce(
        or_,
        (Q(image_id__in=ids, filter_spec__in=spec_set) for spec_set, ids in ids_by_specs.items()),
    )
    for rendition in get_image_model().get_rendition_model().objects.filter(condition):
        for image, image_specs in images[rendition.image_id]:
            if rendition.filter_spec in image_specs:
                image.prefetched_renditions.append(rendition)
                rendition.image = image

"""Renditions read ahead of rendering, only those a template shows.

Wagtail's `prefetch_renditions()` reads every rendition of an image, or the same filter specs
for every image of a queryset. A page often shows one image in one size set (a release's lead
image) and others in another (the cards beside it): `prefetch_renditions` here reads what each
image needs in one query, and Wagtail's image tags then look nowhere else (neither the
renditions cache nor the database) — a missing rendition is still created on the fly.
"""

from collections import defaultdict

from django.db import connection
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from cms.queries import placeholders


def specs(pattern):
    """The filter specs of a `{% picture %}` pattern: "format-{webp,jpeg}|fill-{320x180,640x360}"
    gives four."""
    return Filter.expand_spec(pattern)


# Written as SQL: built with the ORM (one condition per set of filter specs), the query cost
# more Python to compile than to read its rows.
RENDITIONS = "SELECT * FROM {table} WHERE {conditions}"
CONDITION = "({image_id} IN ({images}) AND {filter_spec} IN ({specs}))"


def prefetch_renditions(wanted):
    """`wanted`: (image or None, filter specs) pairs. One query for all of them."""
    images = defaultdict(list)  # id → [(image, specs)]: one image may be shown twice
    ids_by_specs = defaultdict(list)
    for image, image_specs in wanted:
        if image is None:
            continue
        image_specs = frozenset(image_specs)
        images[image.pk].append((image, image_specs))
        ids_by_specs[image_specs].append(image.pk)
        image.prefetched_renditions = []
    if not images:
        return
    rendition_model = get_image_model().get_rendition_model()
    quote = connection.ops.quote_name
    conditions, params = [], []
    for spec_set, ids in ids_by_specs.items():
        conditions.append(
            CONDITION.format(
                image_id=quote(rendition_model._meta.get_field("image").column),
                images=placeholders(ids),
                filter_spec=quote("filter_spec"),
                specs=placeholders(spec_set),
            )
        )
        params += [*ids, *sorted(spec_set)]
    sql = RENDITIONS.format(
        table=quote(rendition_model._meta.db_table), conditions=" OR ".join(conditions)
    )
    for rendition in rendition_model.objects.raw(sql, params):
        for image, image_specs in images[rendition.image_id]:
            if rendition.filter_spec in image_specs:
                image.prefetched_renditions.append(rendition)
                rendition.image = image

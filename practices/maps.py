"""A server-side SVG map of the practices by commune: no JavaScript, no tiles, no network.

The points come from the commune facet's counts (same query), placed by the communes'
coordinates in an equirectangular projection. The list of practices stays the primary view;
the map repeats what the « Commune » filter lists.
"""

import math
from dataclasses import dataclass

from django.utils.translation import ngettext

WIDTH = 640
PADDING = 0.05  # degrees around the points
MIN_SPAN = 0.3  # degrees, so that one commune alone does not fill the frame
MIN_RADIUS, MAX_RADIUS = 4, 16


@dataclass
class Point:
    name: str
    count: int
    x: float
    y: float
    r: float
    title: str  # « Lille : 3 pratiques » (the template escapes it)


class Titles:
    """The points' titles, each plural form looked up once per count: a map may have
    hundreds of points, and a translation lookup per point would cost more than the map."""

    def __init__(self):
        self.formats = {}

    def __call__(self, name, count):
        if count not in self.formats:
            self.formats[count] = ngettext(
                "%(name)s : %(count)s pratique", "%(name)s : %(count)s pratiques", count
            )
        return self.formats[count] % {"name": name, "count": count}


@dataclass
class PracticeMap:
    width: int
    height: int
    points: list


def practice_map(counts):
    """`counts`: the commune facet's counts (with `.names` and `.points`), or None."""
    located = [
        (code, count, *counts.points[code])
        for code, count in counts.items()
        if count and counts.points.get(code)
    ]
    if not located:
        return None
    lats = [lat for *_, lat, _ in located]
    lons = [lon for *_, lon in located]
    mid_lat, mid_lon = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
    x_factor = math.cos(math.radians(mid_lat))
    lat_span = max(max(lats) - min(lats), MIN_SPAN) + 2 * PADDING
    lon_span = max(max(lons) - min(lons), MIN_SPAN) + 2 * PADDING
    top, left = mid_lat + lat_span / 2, mid_lon - lon_span / 2
    scale = WIDTH / (lon_span * x_factor)
    largest = max(count for _, count, *_ in located)
    titles = Titles()
    points = [
        Point(
            name=counts.names.get(code, code),
            count=count,
            x=round((lon - left) * x_factor * scale, 1),
            y=round((top - lat) * scale, 1),
            r=round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(count / largest), 1),
            title=titles(counts.names.get(code, code), count),
        )
        # Largest first; equal counts by code, whatever order the database read them in.
        for code, count, lat, lon in sorted(located, key=lambda row: (-row[1], row[0]))
    ]
    return PracticeMap(width=WIDTH, height=round(lat_span * scale), points=points)

"""What the CDN purges on every change, besides the changed page: the press room and its feeds,
which list every release."""

from press.models import PressIndexPage


def press_room_paths(site):
    """Site-relative paths of `site`'s live press room and of its RSS and Atom feeds."""
    press_room = PressIndexPage.objects.live().descendant_of(site.root_page).first()
    if press_room is None:
        return []
    url = press_room.relative_url(site)
    return [url, *(url + press_room.reverse_subpage(name) for name in ("rss", "atom"))]

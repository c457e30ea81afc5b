"""The site's catalogue page, for the views outside the page tree (commune profiles, open data)."""

from cms.templatetags.cms_tags import section_of_type, site_sections
from practices.models import PracticeIndexPage


def site_catalogue(request, sections=None):
    """The catalogue among the sections of the request's site (those base.html reads for the
    menu: pass them to read them once), or None."""
    if sections is None:
        sections = site_sections({"request": request})
    catalogue = section_of_type({"site_sections": sections}, PracticeIndexPage)
    return catalogue.specific_deferred if catalogue else None

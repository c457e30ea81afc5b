"""The open data's addresses beside the catalogue's exports: the Data Package descriptor
(`<catalogue>/export/datapackage.json`) and the monthly archives (`<catalogue>/export/archives/`).

Their names end in `.json` or `.csv`, which the page tree does not serve (a page's address ends
with a slash): they are URL patterns of their own, under the address of the site's catalogue.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import re_path
from django.views.decorators.http import require_safe

from cms.templatetags.cms_tags import site_sections
from practices import archives, datapackage
from practices.catalogue import site_catalogue


def catalogue_at(request, catalogue_path, sections=None):
    """The site's catalogue if it is at `catalogue_path`; a 404 otherwise."""
    catalogue = site_catalogue(request, sections)
    if catalogue is None or catalogue.get_url(request) != f"/{catalogue_path}":
        raise Http404
    return catalogue


@require_safe
def datapackage_view(request, catalogue_path):
    return datapackage.response(request, catalogue_at(request, catalogue_path))


@require_safe
def archive_index(request, catalogue_path):
    sections = site_sections({"request": request})
    catalogue = catalogue_at(request, catalogue_path, sections)
    return render(
        request,
        "practices/open_data_archives.html",
        {"site_sections": sections, "catalogue": catalogue, **archives.listing()},
    )


@require_safe
def archive_file(request, catalogue_path, month, file_name):
    catalogue_at(request, catalogue_path)
    return archives.file_response(month, file_name)


CATALOGUE = r"^(?P<catalogue_path>(?:[\w-]+/)+)export/"
urlpatterns = [
    re_path(CATALOGUE + r"datapackage\.json$", datapackage_view, name="open_data_datapackage"),
    re_path(CATALOGUE + r"archives/$", archive_index, name="open_data_archives"),
    re_path(
        CATALOGUE + r"archives/(?P<month>[^/]+)/(?P<file_name>[^/]+)$",
        archive_file,
        name="open_data_archive_file",
    ),
]

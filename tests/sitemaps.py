"""The sitemap as a crawler reads it: the index (`/sitemap.xml`), then every file it lists."""

import re
from urllib.parse import urlsplit

from django.urls import reverse


def sitemap_files(client):
    """The paths (with their `?p=` page) of the section files listed by the index."""
    index = client.get(reverse("sitemap"))
    assert index.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    return [urlsplit(url)._replace(scheme="", netloc="").geturl() for url in locations]


def sitemap_xml(client):
    """The XML of every section file, one after the other."""
    files = []
    for path in sitemap_files(client):
        response = client.get(path)
        assert response.status_code == 200, path
        files.append(response.content.decode())
    return "\n".join(files)

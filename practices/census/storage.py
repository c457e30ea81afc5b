"""Private storage for the census attachments: `STORAGES["private"]`, never given a public URL.

On this server's disk (`CENSUS_PRIVATE_ROOT`, outside MEDIA_ROOT) the staff download view sends
the file itself; on S3-compatible object storage (cms/settings/base.py) the objects are private
and the view sends staff to a signed link that expires.
"""

from django.core.files.storage import FileSystemStorage, storages
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header


@deconstructible(path="practices.census.storage.PrivateStorage")
class PrivateStorage:
    """`storages["private"]`, looked up at each use: the settings of the moment decide (a test
    may replace STORAGES), and migrations keep naming this class whatever the backend."""

    def __getattr__(self, name):
        return getattr(storages["private"], name)

    def url(self, name):
        raise ValueError("Census attachments are private: use the staff download view.")


def signed_url(name, filename, content_type, inline):
    """A short-lived link to the object itself, answered with the headers the download view
    would send; None when the files are on this server's disk (the view sends them)."""
    backend = storages["private"]
    if isinstance(backend, FileSystemStorage):
        return None
    return backend.url(
        name,
        parameters={
            "ResponseContentType": content_type,
            "ResponseContentDisposition": content_disposition_header(not inline, filename),
        },
    )


private_storage = PrivateStorage()

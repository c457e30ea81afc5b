"""Private storage for the census attachments: outside MEDIA_ROOT, never given a public URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="practices.census.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under `settings.CENSUS_PRIVATE_ROOT`, read on each access (tests may override it)."""

    @property
    def base_location(self):
        return str(settings.CENSUS_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Census attachments are private: use the staff download view.")


private_storage = PrivateStorage()

"""A frontend-cache backend that records what it is asked to purge."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

purged = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        purged.append(url)

    def purge_batch(self, urls):
        purged.append(sorted(urls))

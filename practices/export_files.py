"""The whole catalogue's exports, generated once per version of the content and kept as files.

Unfiltered, the CSV and JSON exports run to megabytes. The first request after a change
generates the file into Django's default storage (`exports/bonnes-pratiques-<version>.csv|json`);
the next ones are served from it, until the version changes. The version is a digest of:

- the page cache's global version (`cms.caching.store.global_version()`), which every change to
  the content replaces — a practice, a partner it names, a commune, a site… — whether the page
  cache is on or off, and for every process sharing the cache (Redis in production);
- the caller's fingerprint: the catalogue's address (the practices' URLs) and the licence.

The version also changes after `migrate` (cms/caching/invalidation.py), which every deployment
runs: a new format of the exports reaches the stored files then.

A file is complete before anyone can read it: readers open only the name recorded in the cache
(`_marker_key`), which is recorded once the storage has saved the whole file. Two first requests
may both generate it: the first to record its file wins, the other removes its own. The winner
removes the files of other versions, if its own is still current (a file in use stays readable
until closed on a local disk). A recorded file that has gone is generated again.
"""

import hashlib
import re
import tempfile

from django.core.files import File
from django.core.files.storage import default_storage

from cms import files
from cms.caching import store

DIRECTORY = "exports"
PREFIX = "bonnes-pratiques-"
# Storage may append `_<random>` to a name already taken (two first requests at once).
FILE_NAME = re.compile(re.escape(PREFIX) + r"(?P<version>[0-9a-f]{16})(?:_\w+)?\.(?P<ext>\w+)")


def open_current(extension, fingerprint, generate):
    """The export file of the current version, open for reading: the stored one, or one
    generated now by `generate()` (pieces of text) and stored. None when the cache cannot keep
    versions: the caller streams the export instead."""
    version = _version(fingerprint)
    if version is None:
        return None
    marker = _marker_key(extension, version)
    name = store.get_cache().get(marker)
    if name is not None:
        try:
            return default_storage.open(name, "rb")
        except FileNotFoundError:
            store.get_cache().delete(marker)
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    try:
        for text in generate():
            file.write(text.encode())
        _store(file, extension, version, lambda: _version(fingerprint) == version)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _version(fingerprint):
    content_version = store.global_version()
    if content_version is None:
        return None
    return hashlib.sha256(f"{content_version}|{fingerprint}".encode()).hexdigest()[:16]


def _marker_key(extension, version):
    return f"{store.KEY_PREFIX}:export-file:{extension}:{version}"


def _store(file, extension, version, is_current):
    name = default_storage.save(f"{DIRECTORY}/{PREFIX}{version}.{extension}", File(file))
    if not store.get_cache().add(_marker_key(extension, version), name, None):
        default_storage.delete(name)  # another request recorded its file first
    elif is_current():
        _remove_other_versions(extension, version)


def _remove_other_versions(extension, version):
    removed = set()
    for name in files.listing(DIRECTORY)[1]:
        match = FILE_NAME.fullmatch(name)
        if match and match["ext"] == extension and match["version"] != version:
            default_storage.delete(f"{DIRECTORY}/{name}")
            removed.add(match["version"])
    store.get_cache().delete_many([_marker_key(extension, old) for old in removed])

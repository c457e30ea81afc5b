"""Files the site keeps as products in the media storage (PDFs, archives, exports)."""

from django.core.files.storage import default_storage


def listing(directory):
    """The sub-folders and file names of `directory`, both empty when it does not exist (a disk
    has folders; object storage has only names, and a prefix without files lists nothing)."""
    try:
        return default_storage.listdir(directory)
    except FileNotFoundError:
        return [], []


def delete_all(directory):
    """Remove every file of `directory` (a page's older versions, or all once it is unpublished)."""
    for name in listing(directory)[1]:
        default_storage.delete(f"{directory}/{name}")

"""The subscribers' topics are the tags of the press releases."""

from taggit.models import Tag


def release_topics():
    """Tags used by at least one press release, alphabetical."""
    used = Tag.objects.filter(press_pressreleasetopic_items__isnull=False)
    return used.distinct().order_by("name")

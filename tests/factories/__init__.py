"""Factories, one module per content area (tests/factories/<area>.py)."""


def unsaved_child(parent, page):
    """`page` placed below `parent` but not saved, as Wagtail places a new page it previews
    (wagtail.admin.views.pages.preview.PreviewOnCreate)."""
    page.depth = parent.depth + 1
    if parent.is_leaf():
        page.path = page._get_path(parent.path, page.depth, 1)
    else:
        page.path = parent.get_last_child()._inc_path()
    page.set_url_path(parent)
    return page

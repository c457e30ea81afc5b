"""A release's subjects — its topics and its live partners — read in one statement.

The release page shows them (« Sujets », meta tags, JSON-LD) and finds its related releases
through them. Two ORM queries cost about a millisecond of Python on every view, most of it to
compile them and to build whole partner pages for a name and a link: this statement returns
just that, the topics as taggit's tags and the partners as pages with their title and URL path
(their other fields deferred). A preview shows the topics and partners being edited, which
modelcluster keeps in memory: they are taken from there.
"""

from django.db import connection
from wagtail.models import Page

STATEMENT = (
    "SELECT 0 AS kind, t.id, t.name, t.slug, x.id AS position "
    "FROM {tag} t INNER JOIN {tagged} x ON x.tag_id = t.id WHERE x.content_object_id = %s "
    "UNION ALL "
    "SELECT 1 AS kind, p.id, p.title, p.url_path, l.sort_order AS position "
    "FROM {page} p INNER JOIN {link} l ON l.partner_id = p.id WHERE l.page_id = %s AND p.live "
    "ORDER BY kind, position"
)


def release_subjects(release):
    """(topics, live partners) of the release, in the editor's order."""
    tagged_items, partner_links = release.tagged_items, release.partner_links
    if release.pk is None or tagged_items.is_deferring or partner_links.is_deferring:
        return (
            list(release.topics.all()),
            [link.partner for link in partner_links.all() if link.partner.live],
        )
    tag_model = release.topics.through.tag_model()
    sql = STATEMENT.format(
        tag=tag_model._meta.db_table,
        tagged=release.topics.through._meta.db_table,
        page=Page._meta.db_table,
        link=partner_links.model._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [release.pk, release.pk])
        rows = cursor.fetchall()
    topics = [
        tag_model.from_db(connection.alias, ["id", "name", "slug"], [pk, name, slug])
        for kind, pk, name, slug, _position in rows
        if kind == 0
    ]
    partners = [
        Page.from_db(connection.alias, ["id", "title", "url_path"], [pk, title, url_path])
        for kind, pk, title, url_path, _position in rows
        if kind == 1
    ]
    return topics, partners

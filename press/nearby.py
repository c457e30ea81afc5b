"""The releases around a release — previous, next and related — found and read in one SQL
statement.

Written by hand: the same statement built with the ORM (five subqueries) took 8 ms of Python to
compile on every release page, for 2 ms in the database, and reading the releases it names
through the ORM (with their lead images) cost as much again. Each of its three parts walks the
release_date index from the release and stops after one row (three for the related ones),
however many releases there are; the outer query joins the rows a card shows.

The releases considered are those the ORM's `live().sibling_of(release).public()` gives: live,
in the same press room, without a view restriction on them or an ancestor. They are read as
`defer_streamfields()` would (the body is left out), with their lead image as `select_related`
would. Only identifiers are written into the SQL; every value is a parameter.
"""

from functools import cached_property

from django.db import connection
from django.db.models.sql import Query
from wagtail.fields import StreamField
from wagtail.models import Page

from cms.queries import placeholders, unrestricted_sql

SIBLINGS = (
    "FROM {page} p INNER JOIN {release} r ON r.page_ptr_id = p.id "
    "WHERE p.live AND p.depth = %s AND p.path LIKE %s AND p.id <> %s AND {unrestricted}"
)
# The bound on the date alone lets the database seek on the release_date index.
DATED = "r.release_date {bound} %s AND (r.release_date {strict} %s{same_day})"
SAME_DAY = " OR (r.release_date = %s AND p.first_published_at {strict} %s)"
TOPIC = "EXISTS (SELECT 1 FROM {table} t WHERE t.content_object_id = p.id AND t.tag_id IN ({ids}))"
PARTNER = "EXISTS (SELECT 1 FROM {table} l WHERE l.page_id = p.id AND l.partner_id IN ({ids}))"
PART = (
    "SELECT '{role}' AS role, id FROM (SELECT p.id {siblings} AND {condition} "
    "ORDER BY {order} LIMIT {limit}) {role}_releases"
)
NEWEST_FIRST = "r.release_date DESC, p.first_published_at DESC, p.id DESC"
OLDEST_FIRST = "r.release_date, p.first_published_at, p.id"
READ = (
    "SELECT n.role, {columns} FROM ({found}) n "
    "INNER JOIN {page} p ON p.id = n.id INNER JOIN {release} r ON r.page_ptr_id = p.id "
    "LEFT OUTER JOIN {image} i ON i.id = r.lead_image_id ORDER BY {order}"
)


class NearbyQuery:
    """The statement for one release: `releases()` → {"previous": release or None,
    "next": release or None, "related": [releases, newest first]}."""

    def __init__(self, release, topic_ids, partner_ids, related_count):
        self.release = release
        self.model = type(release)
        self.topic_ids = list(topic_ids)
        self.partner_ids = list(partner_ids)
        self.related_count = related_count

    def siblings(self):
        """FROM and WHERE of the live, public siblings of the release, with their parameters."""
        release = self.release
        sql = SIBLINGS.format(
            page=Page._meta.db_table,
            release=self.model._meta.db_table,
            unrestricted=unrestricted_sql("p.path", connection),
        )
        parent_path = release.path[: -release.steplen]
        return sql, [release.depth, parent_path + "%", release.pk]

    def dated(self, before):
        """Released before (or after) this one: an earlier date, or the same date and an
        earlier first publication."""
        date, published = self.release.release_date, self.release.first_published_at
        bound, strict = ("<=", "<") if before else (">=", ">")
        same_day = SAME_DAY.format(strict=strict) if published else ""
        sql = DATED.format(bound=bound, strict=strict, same_day=same_day)
        return sql, [date, date, *([date, published] if published else [])]

    def sharing(self):
        """Shares a topic or a partner with this release."""
        from press.models import PressReleasePartner, PressReleaseTopic

        conditions = []
        if self.topic_ids:
            table = PressReleaseTopic._meta.db_table
            conditions.append(TOPIC.format(table=table, ids=placeholders(self.topic_ids)))
        if self.partner_ids:
            table = PressReleasePartner._meta.db_table
            conditions.append(PARTNER.format(table=table, ids=placeholders(self.partner_ids)))
        return "(" + " OR ".join(conditions) + ")", self.topic_ids + self.partner_ids

    def parts(self):
        """(role, (condition, parameters), order, limit) of each part of the statement."""
        yield "previous", self.dated(before=True), NEWEST_FIRST, 1
        yield "next", self.dated(before=False), OLDEST_FIRST, 1
        if self.topic_ids or self.partner_ids:
            yield "related", self.sharing(), NEWEST_FIRST, int(self.related_count)

    def found(self):
        """SQL giving (role, id) of the nearby releases, with its parameters."""
        siblings, siblings_params = self.siblings()
        selects, params = [], []
        for role, (condition, condition_params), order, limit in self.parts():
            selects.append(
                PART.format(
                    role=role, siblings=siblings, condition=condition, order=order, limit=limit
                )
            )
            params += siblings_params + condition_params
        return " UNION ALL ".join(selects), params

    @cached_property
    def lead_image_field(self):
        return self.model._meta.get_field("lead_image")

    @cached_property
    def release_columns(self):
        """(table alias, field) of the release's columns read: all but its StreamFields."""
        return [
            ("p" if field.model is Page else "r", field)
            for field in self.model._meta.concrete_fields
            if not isinstance(field, StreamField)
        ]

    @cached_property
    def image_columns(self):
        image_model = self.lead_image_field.related_model
        return [("i", field) for field in image_model._meta.concrete_fields]

    def statement(self):
        found, params = self.found()
        quote = connection.ops.quote_name
        columns = self.release_columns + self.image_columns
        sql = READ.format(
            columns=", ".join(f"{alias}.{quote(field.column)}" for alias, field in columns),
            found=found,
            page=Page._meta.db_table,
            release=self.model._meta.db_table,
            image=self.lead_image_field.related_model._meta.db_table,
            order=NEWEST_FIRST,
        )
        return sql, params

    def releases(self):
        with connection.cursor() as cursor:
            cursor.execute(*self.statement())
            rows = cursor.fetchall()
        # The ORM's own conversions of database values (dates on SQLite, for example).
        columns = self.release_columns + self.image_columns
        compiler = connection.ops.compiler("SQLCompiler")(Query(self.model), connection, None)
        converters = compiler.get_converters(
            [None, *(field.get_col(alias) for alias, field in columns)]
        )
        found = {"previous": None, "next": None, "related": []}
        for role, *values in compiler.apply_converters(rows, converters):
            release = self.build(values)
            if role == "related":
                found["related"].append(release)
            else:
                found[role] = release
        return found

    def build(self, values):
        """A release as the ORM would load it, its lead image joined."""
        split = len(self.release_columns)
        names = [field.attname for _alias, field in self.release_columns]
        release = self.model.from_db(connection.alias, names, values[:split])
        image = None
        if release.lead_image_id is not None:
            names = [field.attname for _alias, field in self.image_columns]
            image_model = self.lead_image_field.related_model
            image = image_model.from_db(connection.alias, names, values[split:])
        self.lead_image_field.set_cached_value(release, image)
        return release

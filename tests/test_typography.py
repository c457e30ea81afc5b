"""French typography of the text the site writes: a no-break space (U+00A0), never a space a
line may break at, before « : ; ! ? » » and after « « ».

The main public page types of the demo content are rendered, and the visible text of each
(without tags, scripts, styles nor attribute values) is checked. The demo content is editorial
text, which editors may type with plain spaces; the test's copy of it gets no-break spaces
first, so that what remains is what the templates and the Python code write.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection

from cms.text import BREAKING_WHITESPACE
from partners.models import PartnerPage
from practices.models import PracticeIndexPage, PracticePage
from press.models import PressIndexPage, PressReleasePage
from tests.snapshots import _model_tables, _quote

NBSP = "\u00a0"
BREAKABLE = BREAKING_WHITESPACE.pattern
BEFORE = re.compile(BREAKABLE + r"(?=[:;!?»])(?!!=)")
AFTER = re.compile(r"«" + BREAKABLE)
WRONG = re.compile(rf"\S{{0,30}}(?:{BREAKABLE}[:;!?»]|«{BREAKABLE})\S{{0,30}}")


def with_no_break_spaces(text):
    return AFTER.sub("«" + NBSP, BEFORE.sub(NBSP, text))


def _fixed(value):
    """`value` with no-break spaces, in the strings of a JSON value (StreamField) too; None when
    it has nothing to change."""
    if isinstance(value, dict | list):
        fixed = _fixed_json(value)
        return None if fixed == value else json.dumps(fixed, ensure_ascii=False)
    if not isinstance(value, str):
        return None
    if value[:1] in "[{":
        try:
            return _fixed(json.loads(value))
        except ValueError:
            pass
    fixed = with_no_break_spaces(value)
    return None if fixed == value else fixed


def _fixed_json(data):
    if isinstance(data, str):
        return with_no_break_spaces(data)
    if isinstance(data, list):
        return [_fixed_json(item) for item in data]
    if isinstance(data, dict):
        return {key: _fixed_json(item) for key, item in data.items()}
    return data


def give_the_editorial_content_no_break_spaces():
    """Every text value of the database (page fields, snippets, settings, tags, images…), as
    an editor who types no-break spaces would have written it."""
    with connection.cursor() as cursor:
        for table, pk in _model_tables():
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
                if column.name != pk
            ]
            if not columns:
                continue
            selected = ", ".join(_quote(column) for column in columns)
            cursor.execute(f"SELECT {_quote(pk)}, {selected} FROM {_quote(table)}")  # noqa: S608
            for key, *values in cursor.fetchall():
                changes = {
                    column: fixed
                    for column, value in zip(columns, values, strict=True)
                    if (fixed := _fixed(value)) is not None
                }
                if changes:
                    assignments = ", ".join(f"{_quote(column)} = %s" for column in changes)
                    cursor.execute(
                        f"UPDATE {_quote(table)} SET {assignments} WHERE {_quote(pk)} = %s",  # noqa: S608
                        [*changes.values(), key],
                    )


class VisibleText(HTMLParser):
    """The text a reader sees: character data outside <script>, <style> and <template>; tags
    and attribute values left out."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def test_no_break_spaces_are_given_to_the_editorial_content():
    assert with_no_break_spaces("Exemple : « Budget » ; oui ! non ?") == (
        "Exemple\u00a0: «\u00a0Budget\u00a0»\u00a0; oui\u00a0! non\u00a0?"
    )
    assert _fixed('[{"value": "<p>Note :\\u00e9</p>"}]') == '[{"value": "<p>Note\u00a0:é</p>"}]'
    assert _fixed('{"value": "Note\u00a0: \\u00e9"}') is None
    assert _fixed("https://example.org/?q=1") is None


def test_visible_text_leaves_out_tags_scripts_styles_and_attribute_values():
    html = (
        '<p title="Titre : attribut">Texte <b>gras</b>\u00a0:</p>'
        "<script>if (a ? b : c) {}</script><style>a :hover {}</style>"
    )
    assert visible_text(html) == "Texte gras\u00a0:"


def live_urls(model):
    return [page.url for page in model.objects.live().order_by("path")]


# Every live page of each type, so that the optional parts (media kit, invitation, partners,
# follow-up, filters…) are rendered by at least one.
PAGES = {
    "home page": lambda: ["/"],
    "press room": lambda: live_urls(PressIndexPage),
    "press releases": lambda: live_urls(PressReleasePage),
    "practices catalogue": lambda: [
        url + query
        for url in live_urls(PracticeIndexPage)
        for query in ("", "?theme=cadre-de-vie&device=budget-participatif")
    ],
    "case studies": lambda: live_urls(PracticePage),
    "partner pages": lambda: live_urls(PartnerPage),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_text_a_page_writes_has_no_break_spaces(client, demo_site, name):
    give_the_editorial_content_no_break_spaces()
    urls = PAGES[name]()
    assert urls

    wrong = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := WRONG.findall(visible_text(response.content.decode())):
            wrong[url] = found

    assert wrong == {}

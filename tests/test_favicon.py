import pytest

pytestmark = pytest.mark.django_db


def test_favicon_is_served_where_browsers_ask_for_it(client, site_home):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # ICO header


def test_pages_name_their_icon(client, site_home):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in html

"""An index on Wagtail's page `url_path`: the site root (home.HomePage.route) finds the page
at a URL by it, in one query instead of two per level of the tree."""

from django.db import migrations

INDEX = "cms_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0006_remove_sitesettings_press_fields"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON wagtailcore_page (url_path)",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]

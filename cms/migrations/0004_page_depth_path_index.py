"""An index on Wagtail's page tree by (depth, path), for the children of a page.

Treebeard finds a page's children with `depth = n AND path BETWEEN '<parent>0000' AND
'<parent>ZZZZ'`; the only index on the path range also covers every descendant, so the main
menu (children of the home page, on every page) read all 15,000 pages of the benchmark. With
this index the database reads the children only.
"""

from django.db import migrations

INDEX = "cms_page_depth_path"


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_moderation_groups"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON wagtailcore_page (depth, path)",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]

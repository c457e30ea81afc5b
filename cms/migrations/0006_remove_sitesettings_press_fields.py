# The default press contacts and boilerplate moved to press.PressSettings, whose migration
# copies them (press 0005 runs before this one).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_search_title_body_index"),
    ]

    operations = [
        migrations.RemoveField(model_name="sitesettings", name="default_press_contacts"),
        migrations.RemoveField(model_name="sitesettings", name="press_boilerplate"),
    ]

# The press site settings (default contacts, « À propos » text) leave cms.SiteSettings: their
# values are copied here before cms 0006 removes the old fields.

import django.db.models.deletion
import wagtail.fields
from django.db import migrations, models


def copy_from_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("cms", "SiteSettings")
    PressSettings = apps.get_model("press", "PressSettings")
    for site_settings in SiteSettings.objects.prefetch_related("default_press_contacts"):
        press_settings = PressSettings.objects.create(
            site_id=site_settings.site_id, press_boilerplate=site_settings.press_boilerplate
        )
        press_settings.default_press_contacts.set(site_settings.default_press_contacts.all())


def copy_to_site_settings(apps, schema_editor):
    SiteSettings = apps.get_model("cms", "SiteSettings")
    PressSettings = apps.get_model("press", "PressSettings")
    for press_settings in PressSettings.objects.prefetch_related("default_press_contacts"):
        site_settings, _ = SiteSettings.objects.update_or_create(
            site_id=press_settings.site_id,
            defaults={"press_boilerplate": press_settings.press_boilerplate},
        )
        site_settings.default_press_contacts.set(press_settings.default_press_contacts.all())


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_search_title_body_index"),
        ("press", "0004_release_date_index"),
        ("wagtailcore", "0098_apitoken"),
    ]
    run_before = [
        ("cms", "0006_remove_sitesettings_press_fields"),
    ]

    operations = [
        migrations.CreateModel(
            name="PressSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("press_boilerplate", wagtail.fields.RichTextField(blank=True, help_text="Texte de présentation du collectif en fin de communiqué.", verbose_name="« À propos » par défaut")),
                ("default_press_contacts", models.ManyToManyField(blank=True, help_text="Affichés sur les communiqués qui n'ont pas de bloc « Contacts presse ».", related_name="+", to="press.presscontact", verbose_name="contacts presse par défaut")),
                ("site", models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to="wagtailcore.site")),
            ],
            options={
                "verbose_name": "paramètres presse",
            },
        ),
        migrations.RunPython(copy_from_site_settings, copy_to_site_settings),
    ]

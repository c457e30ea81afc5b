from django.db import migrations, models

from cms.text import fold


def fill_search_text(apps, schema_editor):
    Commune = apps.get_model("practices", "Commune")
    communes = list(Commune.objects.all())
    for commune in communes:
        postcodes = [code.strip() for code in commune.postcodes.split(",") if code.strip()]
        commune.search_text = fold(" ".join([commune.name, commune.insee_code, *postcodes]))
    Commune.objects.bulk_update(communes, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_catalogue_order_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="commune",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]

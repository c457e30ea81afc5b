from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_practice_follow_up")]

    operations = [
        migrations.AddIndex(
            model_name="practicepage",
            index=models.Index(
                fields=["page_ptr"],
                include=(
                    "commune",
                    "status",
                    "participation_level",
                    "start_date",
                    "participants",
                    "budget",
                ),
                name="practice_facets",
            ),
        ),
    ]

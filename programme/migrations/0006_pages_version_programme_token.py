import secrets

from django.db import migrations, models


def first_programme_token(apps, schema_editor):
    PagesVersion = apps.get_model("programme", "PagesVersion")
    PagesVersion.objects.using(schema_editor.connection.alias).update(
        programme_token=secrets.token_hex(8)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0005_pages_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="pagesversion",
            name="programme_token",
            field=models.CharField(default="", max_length=16),
        ),
        migrations.RunPython(first_programme_token, migrations.RunPython.noop),
    ]

from django.db import migrations, models


def mark_fixture_default_provisional(apps, schema_editor):
    """Capacities still at the fixture's default (25 places, 9 kept) were never decided by the
    organisers: public pages stop stating them until someone does."""
    Session = apps.get_model("programme", "Session")
    Session.objects.filter(capacity=25, reserved_places=9).update(capacity_is_provisional=True)


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0003_content_in_five_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='session',
            name='capacity_is_provisional',
            field=models.BooleanField(default=False, help_text='Ticked: the capacity is a default, not yet decided, and the public pages do not state it. Untick it once the organisers have set the capacity.', verbose_name='capacity provisional'),
        ),
        migrations.AddField(
            model_name='session',
            name='schedule_version',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='schedule version'),
        ),
        migrations.RunPython(mark_fixture_default_provisional, migrations.RunPython.noop),
    ]

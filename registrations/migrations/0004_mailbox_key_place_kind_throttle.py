"""One participant per mailbox (a normalised e-mail key), the kind of place each registration
holds, and the database-backed rate-limit counters."""

from django.db import migrations, models

from registrations.domain.addresses import email_key


def fill_email_keys(apps, schema_editor):
    """Existing addresses get their key. Should two participants of a visit already share a
    mailbox, the later one keeps a distinct key (its id appended) so that nothing is lost;
    organisers merge them by hand."""
    Participant = apps.get_model("registrations", "Participant")
    seen = set()
    for participant in Participant.objects.filter(erased_at__isnull=True).order_by("pk"):
        key = email_key(participant.email)
        if (participant.visit_id, key) in seen:
            key = f"{key}#{participant.pk}"
        seen.add((participant.visit_id, key))
        Participant.objects.filter(pk=participant.pk).update(email_key=key)


def fill_place_kinds(apps, schema_editor):
    """Until now the counter a registration moved followed its participant's delegation flag."""
    Registration = apps.get_model("registrations", "Registration")
    Registration.objects.filter(participant__is_delegation=True).update(place="delegation")


class Migration(migrations.Migration):

    dependencies = [
        ('registrations', '0003_participant_protected'),
    ]

    operations = [
        migrations.AddField(
            model_name='participant',
            name='email_key',
            field=models.CharField(default='', editable=False, max_length=320, verbose_name='e-mail address as compared'),
            preserve_default=False,
        ),
        migrations.RunPython(fill_email_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='participant',
            name='one_participant_per_email_and_visit',
        ),
        migrations.AddConstraint(
            model_name='participant',
            constraint=models.UniqueConstraint(condition=models.Q(('erased_at__isnull', True)), fields=('visit', 'email_key'), name='one_participant_per_mailbox_and_visit'),
        ),
        migrations.AddField(
            model_name='registration',
            name='place',
            field=models.CharField(choices=[('local', 'Local place'), ('delegation', 'Delegation place')], default='local', max_length=10, verbose_name='kind of place'),
        ),
        migrations.RunPython(fill_place_kinds, migrations.RunPython.noop),
        migrations.CreateModel(
            name='Throttle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(max_length=40)),
                ('subject', models.CharField(help_text='A keyed hash, never the raw value.', max_length=64)),
                ('window_start', models.DateTimeField()),
                ('hits', models.PositiveIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('scope', 'subject', 'window_start'), name='one_counter_per_window')],
            },
        ),
    ]

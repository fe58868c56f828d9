"""Programme texts in five languages, with django-modeltranslation.

The French and English columns (`title_fr`, `title_en`, ...) stay where they are, with their
texts: only their definition changes (modeltranslation's per-language columns accept NULL).
The Spanish, Italian and Greek columns are added, empty. modeltranslation also keeps the field
itself (`title`) as a column: it is filled with the French text, the default language's.
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce

TEXTS = {
    'studyvisit': ['title', 'subtitle', 'tagline', 'project_intro', 'objective', 'questions', 'conditions'],
    'day': ['theme'],
    'venue': ['description'],
    'session': ['title', 'description'],
}


def fill_from_french(apps, schema_editor):
    for model_name, fields in TEXTS.items():
        model = apps.get_model('programme', model_name)
        model.objects.update(
            **{name: Coalesce(models.F(f'{name}_fr'), models.Value('')) for name in fields}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('programme', '0002_session_places_taken'),
    ]

    operations = [
        migrations.AddField(
            model_name='day',
            name='theme',
            field=models.CharField(blank=True, max_length=200, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='day',
            name='theme_el',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='day',
            name='theme_es',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='day',
            name='theme_it',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AddField(
            model_name='session',
            name='description',
            field=models.TextField(blank=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='session',
            name='description_el',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='session',
            name='description_es',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='session',
            name='description_it',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='session',
            name='title',
            field=models.CharField(default='', max_length=300, verbose_name='title'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='session',
            name='title_el',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_es',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='session',
            name='title_it',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='conditions',
            field=models.TextField(blank=True, verbose_name='conditions of participation'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='conditions_el',
            field=models.TextField(blank=True, null=True, verbose_name='conditions of participation'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='conditions_es',
            field=models.TextField(blank=True, null=True, verbose_name='conditions of participation'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='conditions_it',
            field=models.TextField(blank=True, null=True, verbose_name='conditions of participation'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='objective',
            field=models.TextField(blank=True, verbose_name='objective'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='objective_el',
            field=models.TextField(blank=True, null=True, verbose_name='objective'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='objective_es',
            field=models.TextField(blank=True, null=True, verbose_name='objective'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='objective_it',
            field=models.TextField(blank=True, null=True, verbose_name='objective'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='project_intro',
            field=models.TextField(blank=True, verbose_name='about the project'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='project_intro_el',
            field=models.TextField(blank=True, null=True, verbose_name='about the project'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='project_intro_es',
            field=models.TextField(blank=True, null=True, verbose_name='about the project'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='project_intro_it',
            field=models.TextField(blank=True, null=True, verbose_name='about the project'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='questions',
            field=models.TextField(blank=True, help_text='One question per line.', verbose_name='questions treated'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='questions_el',
            field=models.TextField(blank=True, help_text='One question per line.', null=True, verbose_name='questions treated'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='questions_es',
            field=models.TextField(blank=True, help_text='One question per line.', null=True, verbose_name='questions treated'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='questions_it',
            field=models.TextField(blank=True, help_text='One question per line.', null=True, verbose_name='questions treated'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='subtitle',
            field=models.CharField(blank=True, max_length=300, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='subtitle_el',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='subtitle_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='subtitle_it',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='tagline',
            field=models.CharField(blank=True, max_length=300, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='tagline_el',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='tagline_es',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='tagline_it',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='title',
            field=models.CharField(default='', max_length=200, verbose_name='title'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='title_el',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='title_es',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='studyvisit',
            name='title_it',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='venue',
            name='description',
            field=models.TextField(blank=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='venue',
            name='description_el',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='venue',
            name='description_es',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='venue',
            name='description_it',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='day',
            name='theme_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AlterField(
            model_name='day',
            name='theme_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='theme'),
        ),
        migrations.AlterField(
            model_name='session',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='session',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='session',
            name='title_en',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='session',
            name='title_fr',
            field=models.CharField(max_length=300, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='conditions_en',
            field=models.TextField(blank=True, null=True, verbose_name='conditions of participation'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='conditions_fr',
            field=models.TextField(blank=True, null=True, verbose_name='conditions of participation'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='objective_en',
            field=models.TextField(blank=True, null=True, verbose_name='objective'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='objective_fr',
            field=models.TextField(blank=True, null=True, verbose_name='objective'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='project_intro_en',
            field=models.TextField(blank=True, null=True, verbose_name='about the project'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='project_intro_fr',
            field=models.TextField(blank=True, null=True, verbose_name='about the project'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='questions_en',
            field=models.TextField(blank=True, help_text='One question per line.', null=True, verbose_name='questions treated'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='questions_fr',
            field=models.TextField(blank=True, help_text='One question per line.', null=True, verbose_name='questions treated'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='subtitle_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='subtitle_fr',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='subtitle'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='tagline_en',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='tagline_fr',
            field=models.CharField(blank=True, max_length=300, null=True, verbose_name='tagline'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='title_en',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='studyvisit',
            name='title_fr',
            field=models.CharField(max_length=200, null=True, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='venue',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.AlterField(
            model_name='venue',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description'),
        ),
        migrations.RunPython(fill_from_french, migrations.RunPython.noop),
    ]

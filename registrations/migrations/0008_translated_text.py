"""Translated text for delegations' names and the registration questions and options.

`<field>_en`/`<field>_ar` pairs move into one `TranslatedField` each, and back. A
registrant's `language` is any of settings.LANGUAGES.
"""


import django.db.models.fields.json
import django.db.models.functions.text
import events.summit.models
import events.translated.fields
from django.db import migrations, models

# The field pairs as they were (`<field>_en`, `<field>_ar`), by model.
PAIRS = {'delegation': ['name'], 'question': ['label'], 'questionoption': ['label']}
OLD_LANGUAGES = ("en", "ar")


def pairs_to_translated(apps, schema_editor):
    """`name_en`/`name_ar` into `name` = {"en": …, "ar": …}, empty values left out."""
    for model_name, fields in PAIRS.items():
        model = apps.get_model('registrations', model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                values = {code: getattr(row, f"{field}_{code}") for code in OLD_LANGUAGES}
                setattr(row, field, {code: text for code, text in values.items() if text})
        model.objects.bulk_update(rows, fields, batch_size=500)


def translated_to_pairs(apps, schema_editor):
    """Back: the English and Arabic texts into their columns (other languages have none)."""
    for model_name, fields in PAIRS.items():
        model = apps.get_model('registrations', model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                values = getattr(row, field)
                for code in OLD_LANGUAGES:
                    setattr(row, f"{field}_{code}", values.get(code, ""))
        columns = [f"{field}_{code}" for field in fields for code in OLD_LANGUAGES]
        model.objects.bulk_update(rows, columns, batch_size=500)



class Migration(migrations.Migration):

    dependencies = [
        ('events', '0008_translated_text_and_languages'),
        ('registrations', '0007_registration_gender'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='delegation',
            name='delegation_name_unique_per_event',
        ),
        migrations.AlterModelOptions(
            name='delegation',
            options={'ordering': ['event', django.db.models.fields.json.KeyTextTransform('en', 'name')], 'verbose_name': 'delegation', 'verbose_name_plural': 'delegations'},
        ),
        migrations.AddField(
            model_name='delegation',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=200, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='question',
            name='label',
            field=events.translated.fields.TranslatedField(default=dict, max_length=300, verbose_name='question'),
        ),
        migrations.AddField(
            model_name='questionoption',
            name='label',
            field=events.translated.fields.TranslatedField(default=dict, max_length=200, verbose_name='label'),
        ),
        migrations.AlterField(
            model_name='registration',
            name='language',
            field=models.CharField(choices=events.summit.models.language_choices, default='en', max_length=2, verbose_name='preferred language'),
        ),
        migrations.RunPython(pairs_to_translated, translated_to_pairs),
        migrations.RemoveField(
            model_name='delegation',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='delegation',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='delegation',
            name='name_en',
        ),
        migrations.RemoveField(
            model_name='question',
            name='label_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='question',
            name='label_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='question (English)'),
        ),
        migrations.RemoveField(
            model_name='question',
            name='label_en',
        ),
        migrations.RemoveField(
            model_name='questionoption',
            name='label_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='questionoption',
            name='label_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='label (English)'),
        ),
        migrations.RemoveField(
            model_name='questionoption',
            name='label_en',
        ),
        migrations.AddConstraint(
            model_name='delegation',
            constraint=models.UniqueConstraint(models.F('event'), django.db.models.functions.text.Lower(django.db.models.fields.json.KeyTextTransform('en', 'name')), name='delegation_name_unique_per_event'),
        ),
    ]

"""Translated text: `<field>_en`/`<field>_ar` pairs become one `TranslatedField` each.

The values move into `{"en": …, "ar": …}` (empty ones left out) and back: reversible
for the two languages the pairs had. `language` becomes `main_language`; the events
that exist keep offering English and Arabic, the languages their content is in.
"""


import events.summit.models
import events.translated.fields
import events.translated.text
from django.db import migrations, models

# The field pairs as they were (`<field>_en`, `<field>_ar`), by model.
PAIRS = {'event': ['name', 'description', 'venue_name'], 'accesszone': ['name'], 'registrationcategory': ['name'], 'protocolrank': ['name']}
OLD_LANGUAGES = ("en", "ar")


def pairs_to_translated(apps, schema_editor):
    """`name_en`/`name_ar` into `name` = {"en": …, "ar": …}, empty values left out."""
    for model_name, fields in PAIRS.items():
        model = apps.get_model('events', model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                values = {code: getattr(row, f"{field}_{code}") for code in OLD_LANGUAGES}
                setattr(row, field, {code: text for code, text in values.items() if text})
        model.objects.bulk_update(rows, fields, batch_size=500)


def translated_to_pairs(apps, schema_editor):
    """Back: the English and Arabic texts into their columns (other languages have none)."""
    for model_name, fields in PAIRS.items():
        model = apps.get_model('events', model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                values = getattr(row, field)
                for code in OLD_LANGUAGES:
                    setattr(row, f"{field}_{code}", values.get(code, ""))
        columns = [f"{field}_{code}" for field in fields for code in OLD_LANGUAGES]
        model.objects.bulk_update(rows, columns, batch_size=500)


def existing_events_keep_english_and_arabic(apps, schema_editor):
    # The content they have is in these two; a new event offers every language.
    apps.get_model("events", "event").objects.update(languages=["en", "ar"])



class Migration(migrations.Migration):

    dependencies = [
        ('events', '0007_job_language'),
    ]

    operations = [
        migrations.AddField(
            model_name='accesszone',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=120, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='description',
            field=events.translated.fields.TranslatedField(blank=True, default=dict, verbose_name='description'),
        ),
        migrations.AddField(
            model_name='event',
            name='languages',
            field=models.JSONField(blank=True, default=events.translated.text.language_codes, help_text="The languages the event's pages, emails and content are offered in.", verbose_name='languages'),
        ),
        migrations.RenameField(
            model_name='event',
            old_name='language',
            new_name='main_language',
        ),
        migrations.AlterField(
            model_name='event',
            name='main_language',
            field=models.CharField(choices=events.summit.models.language_choices, default='en', help_text="Content missing in a reader's language is shown in this one; protocol lists order delegations by their name in it.", max_length=2, verbose_name='main language'),
        ),
        migrations.AddField(
            model_name='event',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=200, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='event',
            name='venue_name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=200, verbose_name='venue'),
        ),
        migrations.AddField(
            model_name='protocolrank',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=120, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='registrationcategory',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=120, verbose_name='name'),
        ),
        migrations.RunPython(pairs_to_translated, translated_to_pairs),
        migrations.RunPython(existing_events_keep_english_and_arabic, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='accesszone',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='accesszone',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='accesszone',
            name='name_en',
        ),
        migrations.RemoveField(
            model_name='event',
            name='description_ar',
        ),
        migrations.RemoveField(
            model_name='event',
            name='description_en',
        ),
        migrations.RemoveField(
            model_name='event',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='event',
            name='name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='event',
            name='name_en',
        ),
        migrations.RemoveField(
            model_name='event',
            name='venue_name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='event',
            name='venue_name_en',
            field=models.CharField(blank=True, max_length=200, verbose_name='venue (English)'),
        ),
        migrations.RemoveField(
            model_name='event',
            name='venue_name_en',
        ),
        migrations.RemoveField(
            model_name='protocolrank',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='protocolrank',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='protocolrank',
            name='name_en',
        ),
        migrations.RemoveField(
            model_name='registrationcategory',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='registrationcategory',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='registrationcategory',
            name='name_en',
        ),
    ]

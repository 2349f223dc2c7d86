"""Translated text for rooms, tracks, sessions, speakers' biographies and the snapshots.

`<field>_en`/`<field>_ar` pairs move into one `TranslatedField` each, and back. The
releases' content digests are computed again over the columns as they then are,
the way a release computes its own, in each direction: a release made after this
migration of unchanged content digests the same as the migrated one.
"""


import hashlib
import json
import uuid
from datetime import datetime

import django.db.models.fields.json
import events.translated.fields
from django.db import migrations, models

from events.translated.text import TranslatedText

# The field pairs as they were (`<field>_en`, `<field>_ar`), by model.
PAIRS = {'room': ['name'], 'track': ['name'], 'session': ['title', 'abstract'], 'speakerprofile': ['bio'], 'sessionrelease': ['title', 'abstract', 'room_name', 'track_name']}
OLD_LANGUAGES = ("en", "ar")


def pairs_to_translated(apps, schema_editor):
    """`name_en`/`name_ar` into `name` = {"en": …, "ar": …}, empty values left out."""
    for model_name, fields in PAIRS.items():
        model = apps.get_model('agenda', model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                values = {code: getattr(row, f"{field}_{code}") for code in OLD_LANGUAGES}
                setattr(row, field, {code: text for code, text in values.items() if text})
        model.objects.bulk_update(rows, fields, batch_size=500)


def translated_to_pairs(apps, schema_editor):
    """Back: the English and Arabic texts into their columns (other languages have none)."""
    for model_name, fields in PAIRS.items():
        model = apps.get_model('agenda', model_name)
        rows = list(model.objects.all())
        for row in rows:
            for field in fields:
                values = getattr(row, field)
                for code in OLD_LANGUAGES:
                    setattr(row, f"{field}_{code}", values.get(code, ""))
        columns = [f"{field}_{code}" for field in fields for code in OLD_LANGUAGES]
        model.objects.bulk_update(rows, columns, batch_size=500)


def _digest_value(value):
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, TranslatedText):
        return value.as_dict()
    return value


def content_digest(session_release_model, rows) -> str:
    # As agenda.releases.services.release_content_digest computes it (copied).
    names = sorted(
        column.attname
        for column in session_release_model._meta.concrete_fields
        if column.name not in ("id", "release")
    )
    content = [
        [_digest_value(getattr(row, name)) for name in names]
        for row in sorted(rows, key=lambda row: row.session_id)
    ]
    text = json.dumps([names, content], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def digest_existing_releases(apps, schema_editor):
    """Each release's digest over its snapshots' columns as they now are."""
    ScheduleRelease = apps.get_model("agenda", "ScheduleRelease")
    SessionRelease = apps.get_model("agenda", "SessionRelease")
    for release in ScheduleRelease.objects.order_by("pk").iterator():
        rows = SessionRelease.objects.filter(release_id=release.pk)
        release.content_digest = content_digest(SessionRelease, rows)
        release.save(update_fields=["content_digest"])



class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0003_release_content_digest'),
    ]

    operations = [
        # Backwards, this runs last: the digests over the columns as they were.
        migrations.RunPython(migrations.RunPython.noop, digest_existing_releases),
        migrations.AlterModelOptions(
            name='room',
            options={'ordering': ['event', 'position', django.db.models.fields.json.KeyTextTransform('en', 'name')], 'verbose_name': 'room', 'verbose_name_plural': 'rooms'},
        ),
        migrations.AlterModelOptions(
            name='sessionrelease',
            options={'ordering': ['release', 'starts_at', django.db.models.fields.json.KeyTextTransform('en', 'room_name'), 'session_id'], 'verbose_name': 'released session', 'verbose_name_plural': 'released sessions'},
        ),
        migrations.AlterModelOptions(
            name='track',
            options={'ordering': ['event', 'position', django.db.models.fields.json.KeyTextTransform('en', 'name')], 'verbose_name': 'track', 'verbose_name_plural': 'tracks'},
        ),
        migrations.AddField(
            model_name='room',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=120, verbose_name='name'),
        ),
        migrations.AddField(
            model_name='session',
            name='abstract',
            field=events.translated.fields.TranslatedField(blank=True, default=dict, verbose_name='abstract'),
        ),
        migrations.AddField(
            model_name='session',
            name='title',
            field=events.translated.fields.TranslatedField(default=dict, max_length=250, verbose_name='title'),
        ),
        migrations.AddField(
            model_name='sessionrelease',
            name='abstract',
            field=events.translated.fields.TranslatedField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='sessionrelease',
            name='room_name',
            field=events.translated.fields.TranslatedField(blank=True, default=dict, max_length=120),
        ),
        migrations.AddField(
            model_name='sessionrelease',
            name='title',
            field=events.translated.fields.TranslatedField(default=dict, max_length=250),
        ),
        migrations.AddField(
            model_name='sessionrelease',
            name='track_name',
            field=events.translated.fields.TranslatedField(blank=True, default=dict, max_length=120),
        ),
        migrations.AddField(
            model_name='speakerprofile',
            name='bio',
            field=events.translated.fields.TranslatedField(blank=True, default=dict, verbose_name='biography'),
        ),
        migrations.AddField(
            model_name='track',
            name='name',
            field=events.translated.fields.TranslatedField(default=dict, max_length=120, verbose_name='name'),
        ),
        migrations.RunPython(pairs_to_translated, translated_to_pairs),
        migrations.RemoveField(
            model_name='room',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='room',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='room',
            name='name_en',
        ),
        migrations.RemoveField(
            model_name='session',
            name='abstract_ar',
        ),
        migrations.RemoveField(
            model_name='session',
            name='abstract_en',
        ),
        migrations.RemoveField(
            model_name='session',
            name='title_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='session',
            name='title_en',
            field=models.CharField(blank=True, max_length=250, verbose_name='title (English)'),
        ),
        migrations.RemoveField(
            model_name='session',
            name='title_en',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='abstract_ar',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='abstract_en',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='room_name_ar',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='room_name_en',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='title_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='sessionrelease',
            name='title_en',
            field=models.CharField(blank=True, max_length=250),
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='title_en',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='track_name_ar',
        ),
        migrations.RemoveField(
            model_name='sessionrelease',
            name='track_name_en',
        ),
        migrations.RemoveField(
            model_name='speakerprofile',
            name='bio_ar',
        ),
        migrations.RemoveField(
            model_name='speakerprofile',
            name='bio_en',
        ),
        migrations.RemoveField(
            model_name='track',
            name='name_ar',
        ),
        # Blank before it goes: backwards, the column comes back filled with "" first.
        migrations.AlterField(
            model_name='track',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, verbose_name='name (English)'),
        ),
        migrations.RemoveField(
            model_name='track',
            name='name_en',
        ),
        migrations.RunPython(digest_existing_releases, migrations.RunPython.noop),
    ]

"""Interpretation: a session's floor language and the channels interpreting it.

Sessions and the released snapshots made before get the event's main language as
their floor language and no channels (what they had in effect), then the releases'
content digests are computed again over the columns as they now are, as 0004 does:
a release made after this migration of unchanged content digests the same.
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

# The digest as agenda.releases.services computes it, kept with the migration that
# first needed it.
digest_existing_releases = import_module(
    "agenda.migrations.0004_translated_text"
).digest_existing_releases


def floor_is_main_language(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    Session = apps.get_model("agenda", "Session")
    SessionRelease = apps.get_model("agenda", "SessionRelease")
    for event_id, main_language in Event.objects.values_list("pk", "main_language"):
        Session.objects.filter(event_id=event_id, floor_language="").update(
            floor_language=main_language
        )
        SessionRelease.objects.filter(release__event_id=event_id, floor_language="").update(
            floor_language=main_language
        )


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0004_translated_text'),
        ('events', '0008_translated_text_and_languages'),
    ]

    operations = [
        # Backwards, this runs last: the digests over the columns as they were.
        migrations.RunPython(migrations.RunPython.noop, digest_existing_releases),
        migrations.AddField(
            model_name='session',
            name='floor_language',
            field=models.CharField(blank=True, help_text="The language spoken in the room; empty: the summit's main language.", max_length=15, verbose_name='floor language'),
        ),
        migrations.AddField(
            model_name='sessionrelease',
            name='floor_language',
            field=models.CharField(blank=True, default='', max_length=15),
        ),
        migrations.AddField(
            model_name='sessionrelease',
            name='interpretation',
            field=models.JSONField(default=list),
        ),
        migrations.CreateModel(
            name='InterpretationChannel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('language', models.CharField(max_length=15, verbose_name='language')),
                ('channel', models.CharField(blank=True, help_text='As on the receivers in the room, for example 2.', max_length=20, verbose_name='channel')),
                ('stream_url', models.URLField(blank=True, max_length=500, verbose_name='stream address')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interpretation', to='agenda.session')),
            ],
            options={
                'verbose_name': 'interpretation channel',
                'verbose_name_plural': 'interpretation channels',
                'ordering': ['session', 'pk'],
                'constraints': [models.UniqueConstraint(fields=('session', 'language'), name='one_channel_per_language_per_session'), models.CheckConstraint(condition=models.Q(('channel', ''), ('stream_url', ''), _negated=True), name='interpretation_channel_or_stream')],
            },
        ),
        migrations.RunPython(floor_is_main_language, migrations.RunPython.noop),
        migrations.RunPython(digest_existing_releases, migrations.RunPython.noop),
    ]

"""ScheduleRelease.content_digest: the calendar feeds' cache key, computed at each release.

The releases made before this migration get theirs here, the way
`agenda.releases.services.release_content_digest` computes it (copied, so that
this migration keeps meaning what it meant when it was written).
"""

import hashlib
import json
import uuid
from datetime import datetime

from django.db import migrations, models

EXCLUDED = ("id", "release")


def _value(value):
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def content_digest(session_release_model, rows) -> str:
    # By name: a model's field order is not its migrations' field order.
    names = sorted(
        column.attname
        for column in session_release_model._meta.concrete_fields
        if column.name not in EXCLUDED
    )
    content = [
        [_value(getattr(row, name)) for name in names]
        for row in sorted(rows, key=lambda row: row.session_id)
    ]
    text = json.dumps([names, content], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def digest_existing_releases(apps, schema_editor):
    ScheduleRelease = apps.get_model("agenda", "ScheduleRelease")
    SessionRelease = apps.get_model("agenda", "SessionRelease")
    for release in ScheduleRelease.objects.order_by("pk").iterator():
        rows = SessionRelease.objects.filter(release_id=release.pk)
        release.content_digest = content_digest(SessionRelease, rows)
        release.save(update_fields=["content_digest"])


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0002_bilateral_meetings'),
    ]

    operations = [
        migrations.AddField(
            model_name='schedulerelease',
            name='content_digest',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='content digest'),
            preserve_default=False,
        ),
        # Backwards, the field goes away with the AddField: nothing to undo here.
        migrations.RunPython(digest_existing_releases, migrations.RunPython.noop),
    ]

"""Events choose the languages of their badges' labels (`badge_languages`).

Badges printed English and Arabic labels until now: the events that exist keep
exactly that, first line English. Backwards the column goes, and with it the choice.
"""

from django.db import migrations, models


def existing_events_keep_english_and_arabic(apps, schema_editor):
    # Only where both are the event's languages (a choice outside them is refused); the
    # others get the default, the main language first.
    events = apps.get_model("events", "event").objects.all()
    for event in events.only("pk", "languages").iterator():
        if "en" in (event.languages or []) and "ar" in (event.languages or []):
            events.filter(pk=event.pk).update(badge_languages=["en", "ar"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0008_translated_text_and_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="badge_languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "Up to two of the event's languages for the category, zone and event "
                    "labels on badges and vehicle passes, first line first. Empty: the main "
                    "language, then Arabic (English when the main language is Arabic)."
                ),
                verbose_name="badge languages",
            ),
        ),
        migrations.RunPython(existing_events_keep_english_and_arabic, migrations.RunPython.noop),
    ]

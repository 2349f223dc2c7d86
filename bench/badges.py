"""Badge batch benchmark: one PDF of 1,000 badges, as the organizer page makes it.

    DATABASE_URL=postgres://… .venv/bin/python bench/badges.py [--count 1000]

Creates (once) a bench event with --count approved registrations spread over
delegations, half with a name in Arabic script and a fifth with a photo, then
times `badges_batch` (issue missing badges, select, count the prints) and the
rendering of the PDF, for card pages and for A4 sheets, in CR80 and A6.
Writes bench/results/badges.json and badges.md.
"""

import argparse
import io
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image  # noqa: E402

from events.audit.services import Actor  # noqa: E402
from events.summit.models import AccessZone, Event, RegistrationCategory  # noqa: E402
from registrations.badges.render import batch_badges_pdf  # noqa: E402
from registrations.badges.services import badges_batch  # noqa: E402
from registrations.delegations.models import Delegation  # noqa: E402
from registrations.registration.models import Registration, Status  # noqa: E402

RESULTS = BASE_DIR / "bench" / "results"
SLUG = "bench-badges"
ARABIC = ["محمد المنصوري", "فاطمة الزعابي", "خالد القحطاني", "ليلى حداد", "عمر ناصر"]


def prepare(count: int, slug: str = SLUG, prefix: str = "BDG") -> Event:
    event, _created = Event.objects.get_or_create(
        slug=slug,
        defaults={
            "name": {"en": "Badge benchmark summit", "ar": "قمة قياس الشارات"},
            "venue_name": {"en": "Bench hall"},
            "starts_at": timezone.now() + timezone.timedelta(days=10),
            "ends_at": timezone.now() + timezone.timedelta(days=12),
        },
    )
    zones = [
        AccessZone.objects.get_or_create(
            event=event, slug=slug, defaults={"name": {"en": name, "ar": name_ar}}
        )[0]
        for slug, name, name_ar in [
            ("plenary", "Plenary hall", "القاعة العامة"),
            ("vip-lounge", "VIP lounge", "صالة كبار الشخصيات"),
        ]
    ]
    category, _ = RegistrationCategory.objects.get_or_create(
        event=event,
        slug="delegate",
        defaults={"name": {"en": "Delegate", "ar": "مندوب"}, "badge_colour": "#1F4E79"},
    )
    category.zones.set(zones)
    delegations = [
        Delegation.objects.get_or_create(
            event=event,
            name__en=f"Delegation {number:02d}",
            defaults={
                "name": {"en": f"Delegation {number:02d}", "ar": f"الوفد {number}"},
                "country": "AE",
            },
        )[0]
        for number in range(40)
    ]
    photo = io.BytesIO()
    Image.new("RGB", (900, 1200), (90, 120, 160)).save(photo, "JPEG", quality=88)
    have = Registration.objects.filter(event=event).count()
    for number in range(have, count):
        registration = Registration(
            event=event,
            category=category,
            reference=f"{prefix}-{number:06d}",
            status=Status.APPROVED,
            title="he" if number % 7 == 0 else "mr",
            first_name="Delegate",
            last_name=f"Number {number:04d}",
            name_ar=ARABIC[number % len(ARABIC)] if number % 2 == 0 else "",
            email=f"badge{number}@example.org",
            organization="Ministry of Interior",
            job_title="Director",
            country="AE",
            consent_at=timezone.now(),
            delegation=delegations[number % len(delegations)],
        )
        if number % 5 == 0:
            registration.photo.save(
                f"bench-{number}.jpg", ContentFile(photo.getvalue()), save=False
            )
        registration.save()
    return event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    event = prepare(args.count)
    actor = Actor(label="bench")
    runs = []
    for badge_format, sheet in (("cr80", "card"), ("cr80", "a4"), ("a6", "card")):
        Event.objects.filter(pk=event.pk).update(badge_format=badge_format)
        event.refresh_from_db()
        started = time.perf_counter()
        pairs = badges_batch(event=event, actor=actor)
        selected = time.perf_counter()
        pdf = batch_badges_pdf(pairs, event=event, sheet=sheet)
        finished = time.perf_counter()
        run = {
            "format": badge_format,
            "sheet": sheet,
            "badges": len(pairs),
            "select_seconds": round(selected - started, 2),
            "render_seconds": round(finished - selected, 2),
            "total_seconds": round(finished - started, 2),
            "pdf_megabytes": round(len(pdf) / 1_000_000, 2),
        }
        runs.append(run)
        print(json.dumps(run))
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "database": settings.DATABASES["default"]["ENGINE"],
        "mix": "half with an Arabic name, a fifth with a photo, 40 delegations, 2 zones",
        "runs": runs,
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "target": "1,000 badges in one PDF in under 20 s",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "badges.json").write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        "# Badge batch benchmark",
        "",
        f"{report['when']}: {report['mix']}; {report['database']}, "
        f"{report['machine']['cpus']} CPUs (shared; load average after "
        f"{', '.join(map(str, report['load_average_after']))}).",
        "",
        "| format | paper | badges | select + count s | render s | total s | PDF MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {run['format']} | {run['sheet']} | {run['badges']} | {run['select_seconds']} | "
            f"{run['render_seconds']} | {run['total_seconds']} | {run['pdf_megabytes']} |"
            for run in runs
        ),
        "",
        f"Target: {report['target']}.",
        "",
    ]
    (RESULTS / "badges.md").write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""CSV export of registrations, safe to open in a spreadsheet."""

import csv
import io

# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    ("reference", "Reference"),
    ("status", "Status"),
    ("category", "Category"),
    ("title", "Title"),
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("name_ar", "Name (Arabic)"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("organization", "Organization"),
    ("job_title", "Job title"),
    ("country", "Country"),
    ("delegation", "Delegation"),
    ("protocol_rank", "Protocol rank"),
    ("protocol_order", "Order within rank"),
    ("vetting_state", "Security vetting"),
    ("language", "Language"),
    ("dietary_needs", "Dietary needs"),
    ("accessibility_needs", "Accessibility needs"),
    ("created_at", "Registered at (UTC)"),
]


def neutralize(value) -> str:
    """Make a cell inert: a leading formula character is escaped with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _row(registration) -> list[str]:
    values = {
        "category": registration.category.slug,
        "title": registration.title_en,
        "country": registration.country.code,
        "delegation": registration.delegation.name_en if registration.delegation_id else "",
        "protocol_rank": rank.name_en if (rank := registration.protocol_rank) else "",
        "created_at": registration.created_at.strftime("%Y-%m-%d %H:%M"),
    }
    return [
        neutralize(values[name] if name in values else getattr(registration, name))
        for name, _label in EXPORT_COLUMNS
    ]


def registrations_csv(registrations) -> str:
    buffer = io.StringIO()
    # A byte-order mark so that Excel reads the Arabic names as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([label for _name, label in EXPORT_COLUMNS])
    for registration in registrations.iterator(chunk_size=1000):
        writer.writerow(_row(registration))
    return buffer.getvalue()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Summits")
    # `seed_demo` calls each app's demo seeder in INSTALLED_APPS order.
    demo_seeder = "events.demo.seed"

    def ready(self) -> None:
        from events import schema  # noqa: F401 - registers the OpenAPI auth extension
        from events.page_links import organizer_link
        from events.summit.copies import copy_zones_categories_ranks, event_copier
        from events.teams.models import Role
        from events.tokens import signals  # noqa: F401 - keeps cached API tokens fresh

        organizer_link(
            label=_("Messages"), url_name="manage:messages", role=Role.ACCREDITATION, order=80
        )
        organizer_link(label=_("Audit log"), url_name="manage:audit", role=Role.ADMIN, order=90)
        organizer_link(
            label=_("Settings"), url_name="manage:event-settings", role=Role.ADMIN, order=95
        )
        event_copier(name="events.setup", copy=copy_zones_categories_ranks, order=10)

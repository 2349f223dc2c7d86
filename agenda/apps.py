from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")
    # `seed_demo` calls each app's demo seeder in INSTALLED_APPS order; agenda is last.
    demo_seeder = "agenda.demo.seed"

    def ready(self) -> None:
        from agenda.bilaterals.pages import delegation_bilaterals_section
        from agenda.personal.pages import personal_agenda_section
        from agenda.programme.copies import copy_rooms_and_tracks
        from events.page_links import organizer_link, public_link
        from events.summit.copies import event_copier
        from events.teams.models import Role
        from registrations.registration.pages import (
            delegation_page_section,
            registrant_page_section,
        )

        event_copier(name="agenda.programme", copy=copy_rooms_and_tracks, order=30)
        # Lower apps must not import agenda: its pages join theirs through these hooks.
        registrant_page_section(
            template="agenda/me_section.html", context=personal_agenda_section, order=60
        )
        delegation_page_section(
            template="agenda/bilaterals/delegation_section.html",
            context=delegation_bilaterals_section,
            order=60,
        )
        organizer_link(
            label=_("Programme"), url_name="manage_agenda:index", role=Role.PROGRAMME, order=40
        )
        public_link(label=_("Programme"), url_name="agenda:agenda", order=20)
        from agenda.releases.jobs import register_job_kinds

        register_job_kinds()

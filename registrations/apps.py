from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")
    demo_seeder = "registrations.demo.seed"

    def ready(self) -> None:
        from events.page_links import organizer_link, public_link
        from events.summit.copies import event_copier
        from events.teams.models import Role
        from registrations.registration.copies import copy_questions

        event_copier(name="registrations.questions", copy=copy_questions, order=20)

        organizer_link(label=_("Dashboard"), url_name="dashboard:index", role=None, order=1)
        organizer_link(
            label=_("Registrations"),
            url_name="manage_registrations:index",
            role=Role.ACCREDITATION,
            order=10,
        )
        organizer_link(
            label=_("Delegations"),
            url_name="manage_registrations:delegations",
            role=Role.ACCREDITATION,
            order=11,
        )
        organizer_link(
            label=_("Mailings"), url_name="mailings:index", role=Role.ACCREDITATION, order=13
        )
        organizer_link(
            label=_("Invitations"),
            url_name="manage_registrations:invitations",
            role=Role.ACCREDITATION,
            order=12,
        )
        public_link(
            label=_("Register"),
            url_name="registrations:register",
            order=10,
            only_while_registration_open=True,
        )
        from registrations.badges.views import register_page_hooks

        register_page_hooks()
        from registrations.privacy.views import register_page_hooks as register_privacy_hooks

        register_privacy_hooks()
        from registrations.vetting.views import register_page_links as register_vetting_links

        register_vetting_links()
        from registrations.vetting.jobs import register_job_kinds as register_vetting_jobs

        register_vetting_jobs()
        from registrations.badges.jobs import register_job_kinds as register_badge_jobs

        register_badge_jobs()
        from registrations.registration.jobs import register_job_kinds as register_export_jobs

        register_export_jobs()
        from registrations.mailings.jobs import register_job_kinds as register_mailing_jobs

        register_mailing_jobs()
        from registrations.imports.jobs import register_job_kinds as register_import_jobs

        register_import_jobs()
        from registrations.protocol.views import register_page_links as register_protocol_links

        register_protocol_links()
        from registrations.vehicles.views import register_page_hooks as register_vehicle_hooks

        register_vehicle_hooks()
        from notifications.attachments import attachment_producer
        from registrations.badges.render import badge_pdf_current
        from registrations.badges.services import BADGE_PDF_PRODUCER

        attachment_producer(BADGE_PDF_PRODUCER, badge_pdf_current)

"""The job that writes a mailing's message to each recipient (mailings/services.py)."""

from django.utils.translation import gettext_lazy as _

from events.jobs.kinds import JobResult, job_kind
from events.jobs.models import Job
from events.jobs.services import Progress
from events.teams.models import Role
from registrations.mailings.models import Mailing
from registrations.mailings.recipients import mailing_recipients
from registrations.mailings.services import MAILING_SEND, mailing_write_to

BATCH = 500


def mailing_send_work(*, job: Job, progress: Progress) -> JobResult:
    mailing = Mailing.objects.select_related("event").get(pk=job.params["mailing"])
    recipients = mailing_recipients(event=mailing.event, filters=mailing.filters)
    for registration in recipients.iterator(chunk_size=BATCH):
        mailing_write_to(mailing, registration)
        progress.advance()
    return JobResult(counts={"messages": progress.done})


def register_job_kinds() -> None:
    """Called from AppConfig.ready()."""
    job_kind(
        name=MAILING_SEND,
        label=_("Sending a mailing"),
        role=Role.ACCREDITATION,
        work=mailing_send_work,
        count_labels={"messages": _("Messages queued")},
    )

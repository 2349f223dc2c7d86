import logging

from celery import shared_task

from notifications.dispatch import messages_dispatch_due

logger = logging.getLogger(__name__)


@shared_task(name="notifications.dispatch_due", acks_late=True, ignore_result=True)
def dispatch_due() -> None:
    """Send the due messages. Beat runs it every 5 seconds; any number may run at once."""
    report = messages_dispatch_due()
    if report.claimed or report.reclaimed:
        logger.info("Outbox dispatch: %s", report)

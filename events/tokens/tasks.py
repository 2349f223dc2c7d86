from datetime import datetime

from celery import shared_task

from events.tokens.services import api_token_mark_used


@shared_task(name="events.mark_token_used")
def mark_token_used(token_id: int, used_at: str) -> None:
    api_token_mark_used(token_id=token_id, used_at=datetime.fromisoformat(used_at))

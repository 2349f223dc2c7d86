"""Attachments made when a message is sent, not when it is queued.

Some files are costly to make (a badge PDF takes a few hundred milliseconds) and
are better made by the worker that sends the message than inside the workflow
step that queues it: an officer importing a thousand security clearances should
not wait for a thousand PDFs. An app registers a producer under a name from its
AppConfig.ready(); a message then carries a `DeferredAttachment` naming the
producer and its arguments (JSON), and the dispatcher calls the producer when it
builds the email. The notifications app never imports the producing app.

A producer returns the file's bytes, or None when there is nothing to attach
any more (the badge was revoked in the meantime): the email goes without it.
"""

from collections.abc import Callable

Producer = Callable[..., bytes | None]

_producers: dict[str, Producer] = {}


def attachment_producer(name: str, producer: Producer) -> None:
    """Register `producer(**args)` under `name` (idempotent for the same function)."""
    known = _producers.get(name)
    if known is not None and known is not producer:
        raise ValueError(f"Another attachment producer is registered as {name!r}.")
    _producers[name] = producer


def attachment_producer_known(name: str) -> bool:
    return name in _producers


def attachment_produce(name: str, args: dict) -> bytes | None:
    try:
        producer = _producers[name]
    except KeyError:
        raise LookupError(f"No attachment producer is registered as {name!r}.") from None
    return producer(**args)

"""A real SMTP server on loopback that records what it receives (aiosmtpd).

Used by the reliability tests and by bench/outbox.py. Each delivery is kept
with its Message-ID and subject, so duplicates show up as repeated ids.
"""

import re
import socket
import threading
from dataclasses import dataclass, field
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller

PORT_RANGE = range(8300, 8400)

_HEADER = re.compile(rb"^(Message-ID|Subject):[ \t]*(.*(?:\r?\n[ \t].*)*)", re.I | re.M)


def free_port(ports=PORT_RANGE) -> int:
    """A port of the range that nothing listens on right now."""
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port in {ports}")


@dataclass(frozen=True)
class Delivery:
    message_id: str
    subject: str
    recipients: tuple[str, ...]
    peer: tuple
    size: int


@dataclass
class _Handler:
    refuse: set[str] = field(default_factory=set)
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        head = content.split(b"\r\n\r\n", 1)[0]
        headers = {
            name.decode().lower(): re.sub(rb"\r?\n[ \t]", b" ", value).decode("ascii", "replace")
            for name, value in _HEADER.findall(head)
        }
        subject = str(make_header(decode_header(headers.get("subject", "").strip())))
        delivery = Delivery(
            message_id=headers.get("message-id", "").strip(),
            subject=subject,
            recipients=tuple(envelope.rcpt_tos),
            peer=tuple(session.peer),
            size=len(content),
        )
        with self.lock:
            self.deliveries.append(delivery)
        return "250 Message accepted for delivery"


class SmtpSink:
    """`with SmtpSink(port) as sink:` … `sink.deliveries` lists what arrived."""

    def __init__(self, port: int | None = None, *, refuse: set[str] | None = None) -> None:
        self.port = port or free_port()
        self.handler = _Handler(refuse=set(refuse or ()))
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def deliveries(self) -> list[Delivery]:
        with self.handler.lock:
            return list(self.handler.deliveries)

    def count(self) -> int:
        with self.handler.lock:
            return len(self.handler.deliveries)

"""A real SMTP server on loopback that records what it receives (aiosmtpd).

Used by the reliability tests and by bench/outbox.py. Each delivery is kept
with its Message-ID and subject, so duplicates show up as repeated ids, and
with its envelope and raw content, so tests can read what went on the wire.
The server can refuse addresses for good (550) or for now (450), offer
SMTPUTF8 or not, and hold the first deliveries' DATA until released (a send
in flight, to kill a worker in).
"""

import asyncio
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
    mail_options: tuple[str, ...] = ()
    content: bytes = b""


@dataclass
class _Handler:
    refuse: set[str] = field(default_factory=set)
    defer: set[str] = field(default_factory=set)
    hold: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    holding: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        if address in self.defer:
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            held = self.hold > 0
            self.hold -= held
        if held:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
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
            mail_options=tuple(envelope.mail_options),
            content=content,
        )
        with self.lock:
            self.deliveries.append(delivery)
        return "250 Message accepted for delivery"


class SmtpSink:
    """`with SmtpSink(port) as sink:` … `sink.deliveries` lists what arrived."""

    def __init__(
        self,
        port: int | None = None,
        *,
        refuse: set[str] | None = None,
        defer: set[str] | None = None,
        smtputf8: bool = True,
        hold: int = 0,
    ) -> None:
        self.port = port or free_port()
        self.handler = _Handler(refuse=set(refuse or ()), defer=set(defer or ()), hold=hold)
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=smtputf8
        )

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.release()
        self.controller.stop()

    def wait_holding(self, timeout: float) -> bool:
        """Wait until a held delivery's DATA has arrived."""
        return self.handler.holding.wait(timeout)

    def release(self) -> None:
        """Answer the held deliveries (250) and hold no more."""
        self.handler.released.set()

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

"""An email backend for tests that fails on cue, like an SMTP server would."""

from email.utils import parseaddr

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class ScriptedBackend(BaseEmailBackend):
    """Delivers to `django.core.mail.outbox` unless told to fail.

    `connect_error`: raised by `open()`. `errors[address]`: exceptions raised, one
    per attempt, when sending to that address. `on_send(email)`: called before
    each delivery. `opened` counts the connections opened.
    """

    connect_error: Exception | None = None
    errors: dict[str, list[Exception]] = {}
    on_send = None
    opened = 0

    @classmethod
    def reset(cls) -> None:
        cls.connect_error = None
        cls.errors = {}
        cls.on_send = None
        cls.opened = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.is_open = False
        if not hasattr(mail, "outbox"):
            mail.outbox = []

    def open(self):
        if self.is_open:
            return False
        if ScriptedBackend.connect_error is not None:
            raise ScriptedBackend.connect_error
        ScriptedBackend.opened += 1
        self.is_open = True
        return True

    def close(self) -> None:
        self.is_open = False

    def send_messages(self, email_messages) -> int:
        created = self.open()
        sent = 0
        try:
            for email in email_messages:
                if ScriptedBackend.on_send:
                    ScriptedBackend.on_send(email)
                for recipient in email.recipients():
                    queue = ScriptedBackend.errors.get(parseaddr(recipient)[1])
                    if queue:
                        raise queue.pop(0)
                email.message()
                mail.outbox.append(email)
                sent += 1
        finally:
            if created:
                self.close()
        return sent

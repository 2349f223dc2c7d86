"""The organizers' view of an event's outgoing messages (the notifications outbox)."""

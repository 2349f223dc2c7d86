"""Reminders: session, speaker and bilateral reminders planned into the outbox."""

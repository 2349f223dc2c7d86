"""Organizer teams: who holds which role on an event."""

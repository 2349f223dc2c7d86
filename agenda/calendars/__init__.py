"""Calendars (RFC 5545): the agenda and personal feeds, single sessions, invitations."""

"""Organizer sign-in's second factor: TOTP apps, recovery codes, the session rules."""

"""Badges: signed codes (Ed25519), the event's key generations, issuing and printing (PDF, QR)."""

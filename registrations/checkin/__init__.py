"""Check-in at the doors: the event's layout, online scans, offline uploads, door messages."""

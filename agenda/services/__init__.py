"""Writes and workflow steps of the agenda, by subdomain.

- `programme`: rooms, tracks, sessions and speakers in the draft (overlap checks).
- `releases`: preview the draft's changes and publish a numbered release.
- `personal`: a registrant's own agenda.
- `reminders`: plan session and speaker reminders into the outbox.
"""

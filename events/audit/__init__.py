"""The audit log: who did what to which record, and the page that shows it."""

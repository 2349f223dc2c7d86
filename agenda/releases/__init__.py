"""Releases: preview what changed in the draft, publish a numbered version, read the current one."""

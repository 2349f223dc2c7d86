"""Importing registrations from a CSV or Excel file: read, map, check (dry run), apply."""

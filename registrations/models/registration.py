"""Kept only for the landed migrations: 0001 and 0006 name these field defaults by this path.

Migrations are never edited after landing, so the two callables stay importable
here; they are defined with their models (registrations/registration/models.py and
registrations/delegations/models.py). Nothing else imports this module.
"""

from registrations.delegations.models import new_join_code
from registrations.registration.models import new_secret_token

__all__ = ["new_join_code", "new_secret_token"]

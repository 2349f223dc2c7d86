"""API tokens: one event and one role each, bearer authentication, a shared cache."""

"""The event's dashboard: `/manage/<slug>/` and `GET /api/v1/events/<slug>/stats/`."""

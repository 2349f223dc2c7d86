"""The summit itself: the event, its access zones, registration categories and
protocol ranks; its public pages and API."""

"""An event's setup through the API: categories, access zones and protocol ranks."""

"""Messages to chosen registrants: `/manage/<slug>/mailings/` and `…/api/v1/…/mailings/`."""

"""The registration itself: the public form, the accreditation workflow, places,
invitations, the registrant's page and the officers' lists."""

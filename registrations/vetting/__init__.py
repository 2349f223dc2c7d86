"""Security vetting: batches out to the host country's security service, decisions back."""

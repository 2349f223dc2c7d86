"""Delegations: their head's secret page, members, quotas and completeness."""

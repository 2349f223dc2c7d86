"""Bilateral meetings between delegations: request, answer, confirm, room, move, cancel."""

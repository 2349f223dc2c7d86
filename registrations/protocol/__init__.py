"""Protocol: each registration's precedence and the plenary seating list."""

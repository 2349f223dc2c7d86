"""The programme: rooms, tracks, sessions and their speakers; the draft and the public pages."""

"""A registrant's personal agenda: the released sessions they plan to attend."""

"""Printed documents: badges, vehicle passes and the seating list share one PDF base.

`pdf.PrintedDocument` is the page every document draws on (our fonts, Arabic
shaped by HarfBuzz where it occurs, text shrunk to fit, QR codes), `qr` makes
the codes, `fonts` names the font files and what they can draw, `labels` puts a
credential's labels in the event's badge languages, and `downloads` answers a
document over HTTP. Each document (registrations/badges/render.py,
registrations/vehicles/render.py, registrations/protocol/seating.py) only lays
out its own content.
"""

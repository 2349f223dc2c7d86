"""QR codes for printed passes and phone screens.

Error correction M survives a scuffed card and keeps a signed code small enough
to scan at a door. A PNG carries its four-module quiet zone itself; a PDF draws
the code as rectangles (registrations/printing/pdf.py), which stays sharp at
any print size.
"""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

QR_QUIET_MODULES = 4
# Choosing the best of the eight masks takes most of the time of making a QR code;
# any mask is valid and decodes, so batches use a fixed one.
QR_MASK = 2


def qr_matrix(text: str) -> list[list[bool]]:
    """The dark (True) and light modules of `text`'s code, without a quiet zone."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_png(text: str, *, box_size: int = 10) -> bytes:
    """`text`'s code as a black-on-white PNG, `box_size` pixels a module, with its quiet zone."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QR_QUIET_MODULES, box_size=box_size)
    qr.add_data(text)
    qr.make(fit=True)
    output = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(output, format="PNG")
    return output.getvalue()

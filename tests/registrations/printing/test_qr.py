"""QR codes: the PNG image decodes to the signed code, quiet zone included."""

import io

import zxingcpp
from PIL import Image

from registrations.badges.signing import BadgeCode, SigningKey, code_sign
from registrations.printing.qr import QR_QUIET_MODULES, qr_matrix, qr_png


def badge_code(*, event_id: int, registration_id: int, version: int) -> str:
    """A signed code as a badge carries it, under a key generation made up here (no database)."""
    key = SigningKey(event_id=event_id, key_id=1, salt="00" * 32)
    code = BadgeCode(event_id=event_id, registration_id=registration_id, version=version)
    return code_sign(code, key=key)


def test_the_qr_image_decodes_to_the_signed_code():
    code = badge_code(event_id=3, registration_id=77, version=2)

    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(code))))

    assert [item.text for item in decoded] == [code]
    assert decoded[0].format == zxingcpp.BarcodeFormat.QRCode


def test_the_png_has_its_quiet_zone_around_the_matrix():
    modules = len(qr_matrix("SUMMIT"))

    image = Image.open(io.BytesIO(qr_png("SUMMIT", box_size=3)))

    assert image.size == ((modules + 2 * QR_QUIET_MODULES) * 3,) * 2

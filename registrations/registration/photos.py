"""Badge photos: checked by their content, re-encoded, stripped of metadata."""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
STORED_SIZE = (1200, 1200)


def photo_clean(uploaded) -> ContentFile:
    """A JPEG re-encoded from the upload's pixels, or a ValidationError.

    Re-encoding keeps only the picture: EXIF (GPS position, camera serial) and
    anything a polyglot file hides after or around the image data are dropped.
    """
    if uploaded.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo must be 5 MB or smaller."), code="too_large")
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_large")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The photo must be a JPEG, PNG or WebP image."), code="not_an_image"
        ) from error
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("The photo must be a JPEG, PNG or WebP image."), code="not_an_image"
        )
    picture.thumbnail(STORED_SIZE)
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=88, optimize=True)
    return ContentFile(output.getvalue(), name="photo.jpg")

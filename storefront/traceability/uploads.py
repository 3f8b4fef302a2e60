"""A batch's test report: a PDF, or a photo of the paper, checked before it is kept.

PDFs must start with the PDF signature; images must decode with Pillow within size and
pixel limits and are re-encoded (which drops EXIF and anything hidden after the image).
Files get random names under MEDIA_ROOT/reports/: the uploaded name is never used.
"""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from PIL import Image, UnidentifiedImageError

from storefront.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400


class UploadError(DomainError):
    pass


def store_report(data: bytes) -> str:
    """Validate and store the report; returns its path relative to MEDIA_ROOT.

    Raises UploadError for an empty, oversized, unreadable or disguised file.
    """
    if not data:
        raise UploadError(gettext("The file is empty."))
    if len(data) > MAX_BYTES:
        raise UploadError(gettext("The file is larger than 5 MB."))
    if data.startswith(b"%PDF-"):
        return _save(data, "pdf")
    return _save(_reencoded_image(data), "webp")


def _reencoded_image(data: bytes) -> bytes:
    refused = UploadError(gettext("Upload a PDF or a JPEG, PNG or WebP image."))
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit: a bomb is an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode_and_reencode(data, refused)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise refused from None


def _decode_and_reencode(data: bytes, refused: UploadError) -> bytes:
    with Image.open(io.BytesIO(data)) as probe:
        if probe.format not in {"JPEG", "PNG", "WEBP"}:
            raise refused
        if probe.width * probe.height > MAX_PIXELS:
            raise UploadError(gettext("The image has too many pixels."))
        probe.verify()
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        out = io.BytesIO()
        image.save(out, "WEBP", quality=85)  # no EXIF is carried over
        return out.getvalue()


def _save(data: bytes, extension: str) -> str:
    relative = f"reports/{secrets.token_hex(16)}.{extension}"
    target = Path(current_app.config["MEDIA_ROOT"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative

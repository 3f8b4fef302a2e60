"""A batch's test report: a PDF, or a photo of the paper, checked before it is kept.

PDFs must start with the PDF signature; images go through ``storefront.uploads`` and are
re-encoded. Files get random names under MEDIA_ROOT/reports/: the uploaded name is never
used.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext

from storefront.uploads import UploadError, check_size, decode_image

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 2400

__all__ = ["MAX_BYTES", "UploadError", "store_report"]


def store_report(data: bytes) -> str:
    """Validate and store the report; returns its path relative to MEDIA_ROOT.

    Raises UploadError for an empty, oversized, unreadable or disguised file.
    """
    check_size(data, MAX_BYTES)
    if data.startswith(b"%PDF-"):
        return _save(data, "pdf")
    image = decode_image(data, gettext("Upload a PDF or a JPEG, PNG or WebP image."))
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "WEBP", quality=85)  # no EXIF is carried over
    return _save(out.getvalue(), "webp")


def _save(data: bytes, extension: str) -> str:
    relative = f"reports/{secrets.token_hex(16)}.{extension}"
    target = Path(current_app.config["MEDIA_ROOT"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative

"""A batch's test report: a PDF, or a photo of the paper (checked by storefront.uploads),
kept under a random name in MEDIA_ROOT/reports/."""

from __future__ import annotations

from storefront.uploads import UploadError, store_document

MAX_BYTES = 5 * 1024 * 1024

__all__ = ["MAX_BYTES", "UploadError", "store_report"]


def store_report(data: bytes) -> str:
    """Raises UploadError for an empty, oversized, unreadable or disguised file."""
    return store_document(data, "reports", MAX_BYTES)

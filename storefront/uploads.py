"""Checking uploaded files before anything is kept: images are decoded, never trusted.

An image must decode with Pillow as JPEG, PNG or WebP within byte and pixel limits; it is
then re-encoded by the caller, which drops EXIF (GPS positions of a farm included) and
anything hidden after the image data. File names are never used to store a file; a name
that carries a path is refused outright, since only a crafted request sends one.
"""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event, orm

from storefront.errors import DomainError
from storefront.extensions import db

IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_PIXELS = 40_000_000  # a 7,000 × 5,700 camera photo; bombs are far above


NEW_FILES = "storefront.uploads.new_files"


class UploadError(DomainError):
    pass


def written_for_this_transaction(*paths: Path) -> None:
    """Files stored for the change under way: kept if it commits, deleted if it does not
    (a failed commit must not leave photos no row points at)."""
    db.session.info.setdefault(NEW_FILES, []).extend(paths)


def _keep_new_files(session: orm.Session) -> None:
    session.info.pop(NEW_FILES, None)


def _drop_new_files(session: orm.Session, transaction: orm.SessionTransaction) -> None:
    # Ends after a commit find the list already gone; a rollback or a close does not.
    if transaction.parent is None:
        for path in session.info.pop(NEW_FILES, []):
            path.unlink(missing_ok=True)


def start_tracking() -> None:
    """Listen once per process (create_app may run several times in tests)."""
    if not event.contains(orm.Session, "after_commit", _keep_new_files):
        event.listen(orm.Session, "after_commit", _keep_new_files)
        event.listen(orm.Session, "after_transaction_end", _drop_new_files)


def check_file_name(name: str | None) -> None:
    """Refuse a file name with a directory in it (``../x.jpg``, ``C:\\x.jpg``)."""
    if name and ("/" in name or "\\" in name or name.startswith(".") or "\x00" in name):
        raise UploadError(gettext("The file name must not contain a folder path."))


def check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise UploadError(gettext("The file is empty."))
    if len(data) > max_bytes:
        raise UploadError(gettext("The file is larger than %(num)s MB.",
                                  num=max_bytes // (1024 * 1024)))


def decode_image(data: bytes, refused_message: str, max_side: int | None = None) -> Image.Image:
    """The decoded image (RGB, upright), or UploadError with ``refused_message``.

    With ``max_side``, a JPEG is decoded at the smallest scale still at least that large
    (libjpeg's DCT scaling): a 12 MP photo wanted at 1,200 px decodes several times faster.
    """
    refused = UploadError(refused_message)
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit: a bomb is an error here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decode(data, refused, max_side)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refused from None


def _decode(data: bytes, refused: UploadError, max_side: int | None) -> Image.Image:
    with Image.open(io.BytesIO(data)) as probe:
        if probe.format not in IMAGE_FORMATS:
            raise refused
        if probe.width * probe.height > MAX_PIXELS:
            raise UploadError(gettext("The image has too many pixels."))
        probe.verify()
    with Image.open(io.BytesIO(data)) as image:
        if max_side and image.format == "JPEG":
            image.draft("RGB", (max_side, max_side))
        image.load()
        return ImageOps.exif_transpose(image).convert("RGB")


def store_document(data: bytes, folder: str, max_bytes: int, max_side: int = 2400) -> str:
    """A PDF, or a photo of a paper, under a random name in ``MEDIA_ROOT/<folder>/``.

    PDFs are recognised by their signature; anything else must be an image, which is
    re-encoded to WebP (no EXIF). Returns the path relative to MEDIA_ROOT.
    """
    check_size(data, max_bytes)
    if data.startswith(b"%PDF-"):
        return _save(data, folder, "pdf")
    image = decode_image(data, gettext("Upload a PDF or a JPEG, PNG or WebP image."),
                         max_side=max_side)
    image.thumbnail((max_side, max_side))
    out = io.BytesIO()
    image.save(out, "WEBP", quality=85)
    return _save(out.getvalue(), folder, "webp")


def _save(data: bytes, folder: str, extension: str) -> str:
    relative = f"{folder}/{secrets.token_hex(16)}.{extension}"
    target = Path(current_app.config["MEDIA_ROOT"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    written_for_this_transaction(target)
    return relative

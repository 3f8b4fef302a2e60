"""A product's photos, and a producer's cover photo: added from uploads, described in both
languages, put in order.

The first photo is the main one (lists and the product page lead with it). Uploads are
decoded and re-encoded (storefront.uploads, catalog.images), so what is served is always
an image made here. Services flush, never commit; files of removed photos are deleted by
the caller after the commit, so a rolled-back removal never loses a photo.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from storefront.catalog.images import FULL_SIZE, store_decoded
from storefront.catalog.models import Product, ProductImage
from storefront.extensions import db
from storefront.text import nfc
from storefront.uploads import UploadError, check_file_name, check_size, decode_image

MAX_BYTES = 12 * 1024 * 1024  # a 12 MP phone photo is 3–9 MB
MAX_PHOTOS = 10
MAX_ALT = 255


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None


def add_photos(product: Product, uploads: list[Upload]) -> list[ProductImage]:
    """Check every upload first, then store them all: one bad file adds none of them."""
    if not uploads:
        raise UploadError(gettext("Choose one or more photos."))
    if len(product.images) + len(uploads) > MAX_PHOTOS:
        raise UploadError(gettext("A product can have up to %(num)s photos.", num=MAX_PHOTOS))
    refused = _refused()
    decoded = []
    for upload in uploads:
        check_file_name(upload.filename)
        check_size(upload.data, MAX_BYTES)
        decoded.append(decode_image(upload.data, refused, max_side=FULL_SIZE))
    added = []
    for image in decoded:
        stored = store_decoded(image, f"products/{product.id}")
        photo = ProductImage(path=stored.path, thumb_path=stored.thumb_path,
                             width=stored.width, height=stored.height,
                             position=len(product.images))
        product.images.append(photo)
        added.append(photo)
    db.session.flush()
    return added


def describe(photo: ProductImage, alt_vi: str, alt_en: str) -> None:
    photo.alt_vi = nfc(alt_vi).strip()[:MAX_ALT]
    photo.alt_en = nfc(alt_en).strip()[:MAX_ALT]
    db.session.flush()


def move(photo: ProductImage, where: str) -> None:
    """``where`` is "first" (the main photo), "up" or "down"."""
    try:
        _renumber(reordered(photo.product.images, photo, where))
    except ValueError:
        raise UploadError(gettext("Unknown move.")) from None


def remove(photo: ProductImage) -> tuple[str, str]:
    """Remove the photo; returns its files, to delete once the change is committed."""
    product = photo.product
    product.images.remove(photo)
    db.session.delete(photo)
    _renumber(product.images)
    return photo.path, photo.thumb_path


def _refused() -> str:
    return gettext("Photos must be JPEG, PNG or WebP images.")


def _renumber(photos: list[ProductImage]) -> None:
    for position, photo in enumerate(photos):
        photo.position = position
    db.session.flush()


def replace_banner(owner, upload: Upload, folder: str) -> tuple[str, ...]:
    """A new wide photo for a producer's or a collection's page (``banner_path`` and
    ``banner_thumb_path``); returns the old files, to delete after the commit."""
    check_file_name(upload.filename)
    check_size(upload.data, MAX_BYTES)
    image = decode_image(upload.data, _refused(), max_side=FULL_SIZE)
    stored = store_decoded(image, folder)
    old = tuple(path for path in (owner.banner_path, owner.banner_thumb_path) if path)
    owner.banner_path, owner.banner_thumb_path = stored.path, stored.thumb_path
    db.session.flush()
    return old


def reordered(items: list, item, where: str) -> list:
    """``items`` with ``item`` moved "first", "up" or "down" (ValueError otherwise)."""
    items = list(items)
    index = items.index(item)
    target = {"first": 0, "up": max(index - 1, 0),
              "down": min(index + 1, len(items) - 1)}.get(where)
    if target is None:
        raise ValueError(where)
    items.insert(target, items.pop(index))
    return items

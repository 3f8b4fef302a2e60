"""Changes to the catalogue. Services flush, never commit: the request or command commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext, ngettext

from storefront.catalog import signals
from storefront.catalog.certificates import (
    OCOP_STARS,
    STAR_BANDS,
    current_certificate,
    score_matches_stars,
    valid_until_for,
)
from storefront.catalog.models import (
    Certificate,
    IssuingLevel,
    PriceTier,
    Producer,
    ProducerTranslation,
    Product,
    ProductStatus,
    ProductTranslation,
    StockMovement,
    StockReason,
)
from storefront.clock import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.text import nfc

TRANSLATED_PRODUCT_FIELDS = (
    "name", "summary", "description", "story", "ingredients", "usage", "storage", "warnings",
    "net_quantity",
)


class CertificateError(DomainError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


class WholesaleTermsError(DomainError):
    pass


class OutOfStockError(DomainError):
    """Not enough stock for ``product_id``; ``available`` units are left."""

    def __init__(self, message, product_id: int, available: int):
        super().__init__(message)
        self.product_id = product_id
        self.available = available


def refresh_certification(product: Product) -> None:
    """Copy the current certificate's stars and last valid day onto the product.

    Called after every certificate change, in the same transaction, so list pages can
    filter on ``products.stars`` while validity is still judged by date at read time.
    """
    certificate = current_certificate(product.certificates)
    if certificate is None or certificate.is_revoked:
        product.stars, product.stars_valid_until = None, None
    else:
        product.stars, product.stars_valid_until = certificate.stars, certificate.valid_until


def record_certificate(
    product: Product,
    *,
    stars: int,
    score: int,
    decision_number: str,
    decision_date: dt.date,
    issuing_level: IssuingLevel | str,
    issuing_body: str,
) -> Certificate:
    """Record an OCOP certificate for ``product`` (re-certification keeps the older ones).

    Raises CertificateError when stars are not 3–5 or the score is outside their band.
    """
    if stars not in OCOP_STARS:
        raise CertificateError(gettext("OCOP certificates carry 3, 4 or 5 stars."), "stars")
    if not score_matches_stars(score, stars):
        low, high = STAR_BANDS[stars]
        raise CertificateError(
            gettext(
                "A %(stars)s-star certificate needs a score from %(low)s to %(high)s; "
                "%(score)s points does not fit.",
                stars=stars, low=low, high=high, score=score,
            ), "score")
    number = nfc(decision_number).strip()
    if any(c.decision_number == number and c.decision_date == decision_date
           for c in product.certificates):
        raise CertificateError(gettext("This decision is already recorded for this product."),
                               "decision_number")
    certificate = Certificate(
        stars=stars,
        score=score,
        decision_number=number,
        decision_date=decision_date,
        issuing_level=IssuingLevel(issuing_level),
        issuing_body=nfc(issuing_body).strip(),
        valid_until=valid_until_for(decision_date),
    )
    product.certificates.append(certificate)
    db.session.flush()
    refresh_certification(product)
    return certificate


def revoke_certificate(certificate: Certificate, reason: str, at: dt.datetime | None = None):
    """Revoke ``certificate``; the product loses its stars at once if it was the current one.

    Raises CertificateError if it is already revoked or no reason is given.
    """
    if certificate.is_revoked:
        raise CertificateError(gettext("This certificate is already revoked."))
    if not reason.strip():
        raise CertificateError(gettext("Give a reason for revoking the certificate."))
    certificate.revoked_at = at or utcnow()
    certificate.revoked_reason = nfc(reason).strip()
    refresh_certification(certificate.product)
    db.session.flush()


def set_product_translation(product: Product, locale: str, **fields: str) -> ProductTranslation:
    """Create or update the ``locale`` texts of ``product`` (NFC-normalised)."""
    translation = next((t for t in product.translations if t.locale == locale), None)
    if translation is None:
        translation = ProductTranslation(locale=locale)
        product.translations.append(translation)
    for name in TRANSLATED_PRODUCT_FIELDS:
        if name in fields:
            setattr(translation, name, nfc(fields[name] or "").strip())
    return translation


def publish_product(product: Product) -> None:
    if product.status != ProductStatus.PUBLISHED:
        product.status = ProductStatus.PUBLISHED
        product.published_at = product.published_at or utcnow()


def take_stock(quantities: dict[int, int], names: dict[int, str]) -> None:
    """Decrement stock for every product in ``quantities``, or for none of them.

    One conditional UPDATE per product (``stock >= :quantity`` in the WHERE clause), in
    product-id order so that concurrent orders lock rows in the same order and never
    deadlock. The caller's transaction must be rolled back on error, which undoes the
    products already decremented. Raises OutOfStockError naming the first short product.
    """
    for product_id in sorted(quantities):
        quantity = quantities[product_id]
        taken = db.session.execute(
            sa.update(Product)
            .where(Product.id == product_id, Product.stock >= quantity,
                   Product.status == ProductStatus.PUBLISHED)
            .values(stock=Product.stock - quantity)
            .execution_options(synchronize_session=False)
        ).rowcount
        if taken != 1:
            available = db.session.scalar(sa.select(Product.stock).where(
                Product.id == product_id)) or 0
            raise OutOfStockError(
                ngettext("Only %(num)s of “%(name)s” left.", "Only %(num)s of “%(name)s” left.",
                         available, name=names.get(product_id, "")) if available
                else gettext("“%(name)s” is sold out.", name=names.get(product_id, "")),
                product_id, available,
            )
    _stock_changed(quantities)


def return_stock(quantities: dict[int, int]) -> None:
    """Put units back (a cancelled or expired order), in product-id order."""
    for product_id in sorted(quantities):
        db.session.execute(
            sa.update(Product).where(Product.id == product_id)
            .values(stock=Product.stock + quantities[product_id])
            .execution_options(synchronize_session=False)
        )
    _stock_changed(quantities)


def _stock_changed(quantities: dict[int, int]) -> None:
    # Loaded Product objects would still show the old stock: expire their attribute.
    for product_id in quantities:
        product = db.session.identity_map.get(sa.inspect(Product).identity_key_from_primary_key(
            (product_id,)))
        if product is not None:
            db.session.expire(product, ["stock"])
    signals.stock_changed.send(None, session=db.session, product_ids=sorted(quantities))


def set_wholesale_terms(product: Product, *, minimum: int | None, step: int,
                        tiers: list[tuple[int, int]]) -> None:
    """Replace the product's wholesale minimum, order step and price tiers.

    ``tiers`` are (from quantity, unit price in đồng). Raises WholesaleTermsError when a
    tier repeats a quantity, a price is not below the retail price, or prices do not fall
    as quantities rise.
    """
    ordered = sorted(tiers)
    if len({quantity for quantity, _price in ordered}) != len(ordered):
        raise WholesaleTermsError(gettext("Two tiers start at the same quantity."))
    for (_q1, price1), (_q2, price2) in zip(ordered, ordered[1:], strict=False):
        if price2 >= price1:
            raise WholesaleTermsError(gettext("A larger quantity must have a lower unit price."))
    if ordered and ordered[0][1] >= product.price_vnd:
        raise WholesaleTermsError(gettext("Wholesale prices must be below the retail price."))
    product.min_wholesale_qty = minimum or None
    product.wholesale_increment = step or 1
    product.price_tiers.clear()
    db.session.flush()  # the old tiers go before new ones reuse their quantities
    for quantity, price in ordered:
        product.price_tiers.append(PriceTier(min_qty=quantity, unit_price_vnd=price))
    db.session.flush()


class StockError(DomainError):
    pass


def adjust_stock(product: Product, change: int, reason: StockReason, actor_id: int | None,
                 note: str = "") -> StockMovement:
    """Add (or with a negative ``change``, remove) units with a reason, in one conditional
    UPDATE, so that a sale at the same moment is never lost or oversold.

    Raises StockError for a zero change or one that would take the stock below zero.
    """
    if change == 0:
        raise StockError(gettext("Enter how many units to add (or, with a minus, remove)."))
    updated = db.session.execute(
        sa.update(Product).where(Product.id == product.id, Product.stock + change >= 0)
        .values(stock=Product.stock + change).execution_options(synchronize_session=False))
    if updated.rowcount != 1:
        raise StockError(gettext("There are not that many units in stock to remove."))
    db.session.expire(product, ["stock"])
    movement = StockMovement(product_id=product.id, change=change, stock_after=product.stock,
                             reason=reason, note=nfc(note).strip()[:500], actor_id=actor_id)
    db.session.add(movement)
    _stock_changed({product.id: change})
    db.session.flush()
    return movement


def set_low_stock_threshold(product: Product, threshold: int) -> None:
    product.low_stock_threshold = max(0, threshold)
    db.session.flush()


class ProfileError(DomainError):
    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ProfileText:
    tagline: str
    story: str  # Markdown, rendered through nh3 on the page
    visiting_hours: str


@dataclass(frozen=True)
class Profile:
    texts: dict[str, ProfileText]  # by locale
    phone: str
    email: str
    website: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None


def update_producer_profile(producer: Producer, profile: Profile) -> None:
    """The producer's own story and contact details. Raises ProfileError.

    The Vietnamese name is not edited here: it is the name the office certified.
    """
    if (profile.latitude is None) != (profile.longitude is None):
        raise ProfileError(gettext("Give both the latitude and the longitude, or neither."),
                           field="latitude")
    if profile.latitude is not None and not (-90 <= profile.latitude <= 90
                                             and -180 <= profile.longitude <= 180):
        raise ProfileError(gettext("These are not map coordinates."), field="latitude")
    if profile.website and not profile.website.startswith(("https://", "http://")):
        raise ProfileError(gettext("A website address starts with https://"), field="website")
    by_locale = {row.locale: row for row in producer.translations}
    for locale, text in profile.texts.items():
        row = by_locale.get(locale)
        if row is None:
            row = ProducerTranslation(locale=locale, name=by_locale["vi"].name)
            producer.translations.append(row)
        row.tagline = nfc(text.tagline).strip()[:255]
        row.story = nfc(text.story).strip()[:10_000]
        row.visiting_hours = nfc(text.visiting_hours).strip()[:500]
    producer.phone, producer.email = profile.phone.strip()[:40], profile.email.strip()[:255]
    producer.website, producer.address = profile.website.strip()[:255], nfc(
        profile.address).strip()[:255]
    producer.latitude, producer.longitude = profile.latitude, profile.longitude
    db.session.flush()


def set_price_and_weight(product: Product, *, price_vnd: int, weight_g: int) -> None:
    """Price and shipping weight change at once, without the office's approval (a name or
    category change needs it). Raises WholesaleTermsError when tiers would no longer be
    below the new retail price."""
    if product.price_tiers and product.price_tiers[0].unit_price_vnd >= price_vnd:
        raise WholesaleTermsError(gettext(
            "Wholesale prices must stay below the retail price: lower the tiers first."))
    product.price_vnd, product.weight_g = price_vnd, weight_g
    db.session.flush()  # the search outbox records the change with the flush


def set_featured(product: Product, featured: bool) -> None:
    """Home-page curation by the office. Raises DomainError for a product not on sale."""
    if featured and product.status != ProductStatus.PUBLISHED:
        raise DomainError(gettext("Only a published product can be featured."))
    product.featured = featured
    db.session.flush()

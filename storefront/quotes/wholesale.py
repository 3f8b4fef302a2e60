"""Wholesale terms of a product (minimum, step, tiers) and the distributor's quote list."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload, selectinload

from storefront.accounts.models import User
from storefront.catalog.models import Producer, Product, ProductStatus
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.quotes.models import QuoteListLine

MAX_QUANTITY = 1_000_000


class QuoteError(DomainError):
    """A request the rules refuse; ``field`` names the form field at fault, if any."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


def minimum(product: Product) -> int:
    """The least a distributor may ask for: the product's MOQ, else its first tier."""
    if product.min_wholesale_qty:
        return product.min_wholesale_qty
    return product.price_tiers[0].min_qty if product.price_tiers else 1


def step(product: Product) -> int:
    return product.wholesale_increment or 1


def check_quantity(product: Product, quantity: int, locale: str) -> None:
    """Raises QuoteError unless ``quantity`` is at least the minimum and on a step."""
    name = product.text(locale).name
    least, increment = minimum(product), step(product)
    if quantity < least:
        raise QuoteError(gettext("%(name)s: at least %(num)s units for a wholesale quote.",
                                 name=name, num=least), field="quantity")
    if quantity > MAX_QUANTITY:
        raise QuoteError(gettext("%(name)s: at most %(num)s units.", name=name,
                                 num=MAX_QUANTITY), field="quantity")
    if (quantity - least) % increment:
        lower = quantity - (quantity - least) % increment
        raise QuoteError(gettext(
            "%(name)s is sold in steps of %(step)s from %(least)s: ask for %(lower)s or "
            "%(higher)s.", name=name, step=increment, least=least, lower=lower,
            higher=lower + increment), field="quantity")


def tier_price(product: Product, quantity: int) -> int:
    """The unit price of the highest tier this quantity reaches (the retail price below)."""
    price = product.price_vnd
    for tier in product.price_tiers:
        if quantity >= tier.min_qty:
            price = tier.unit_price_vnd
    return price


# -- the list -------------------------------------------------------------------------------

def list_lines(user: User) -> list[QuoteListLine]:
    return list(db.session.scalars(
        sa.select(QuoteListLine).where(QuoteListLine.user_id == user.id)
        .order_by(QuoteListLine.id).options(
            joinedload(QuoteListLine.product).options(
                selectinload(Product.translations), selectinload(Product.price_tiers),
                selectinload(Product.images),
                joinedload(Product.producer).selectinload(Producer.translations)))))


def list_line(user: User, line_id: int) -> QuoteListLine | None:
    """One line of this user's list (None for a line of someone else's)."""
    return db.session.scalar(sa.select(QuoteListLine).where(
        QuoteListLine.id == line_id, QuoteListLine.user_id == user.id))


def list_size(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count(QuoteListLine.id))
                             .where(QuoteListLine.user_id == user.id)) or 0


def add_to_list(user: User, product: Product | None, quantity: int,
                locale: str) -> QuoteListLine:
    """Put the product on the list (or set its quantity). Raises QuoteError."""
    if product is None or product.status != ProductStatus.PUBLISHED:
        raise QuoteError(gettext("This product is not available for quotes."))
    check_quantity(product, quantity, locale)
    line = db.session.scalar(sa.select(QuoteListLine).where(
        QuoteListLine.user_id == user.id, QuoteListLine.product_id == product.id))
    if line is None:
        line = QuoteListLine(user_id=user.id, product=product, quantity=quantity)
        db.session.add(line)
    line.quantity = quantity
    db.session.flush()
    return line


def update_line(line: QuoteListLine, quantity: int, target_price_vnd: int | None,
                locale: str) -> None:
    """Raises QuoteError for a quantity off the product's steps or a target price ≤ 0."""
    check_quantity(line.product, quantity, locale)
    if target_price_vnd is not None and not 0 < target_price_vnd <= 10**10:
        raise QuoteError(gettext("A target price is a whole number of đồng above zero."),
                         field="target_price")
    line.quantity, line.target_price_vnd = quantity, target_price_vnd
    db.session.flush()


def remove_line(line: QuoteListLine) -> None:
    db.session.delete(line)
    db.session.flush()


def empty_list(user: User) -> None:
    db.session.execute(sa.delete(QuoteListLine).where(QuoteListLine.user_id == user.id))

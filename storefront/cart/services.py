"""Cart changes and the cart's summary (grouped by producer, with shipping per parcel)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import get_locale, gettext, ngettext
from sqlalchemy.orm import joinedload, selectinload

from storefront.accounts.models import User
from storefront.cart.models import Cart, CartLine
from storefront.catalog.models import Producer, Product, ProductStatus
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.shipping import parcel_fee

MAX_QUANTITY = 999


class CartError(DomainError):
    pass


# -- finding carts ----------------------------------------------------------------------

def _with_lines():
    return (selectinload(Cart.lines).joinedload(CartLine.product).options(
        selectinload(Product.translations), selectinload(Product.images),
        joinedload(Product.producer).selectinload(Producer.translations)),)


def find_cart(token: str | None, user: User | None) -> Cart | None:
    """The signed-in buyer's cart, else the guest cart of ``token``."""
    if user is not None and user.is_authenticated:
        return db.session.scalar(sa.select(Cart).where(Cart.user_id == user.id)
                                 .options(*_with_lines()))
    if token:
        return db.session.scalar(sa.select(Cart).where(Cart.token == token, Cart.user_id.is_(None))
                                 .options(*_with_lines()))
    return None


def ensure_cart(token: str | None, user: User | None) -> Cart:
    cart = find_cart(token, user)
    if cart is None:
        cart = Cart(user=user if user is not None and user.is_authenticated else None)
        db.session.add(cart)
        db.session.flush()
    return cart


def merge_guest_cart(guest_token: str | None, user: User) -> None:
    """When a guest signs in, their cart's lines join the account's cart."""
    guest = find_cart(guest_token, None)
    if guest is None:
        return
    own = ensure_cart(None, user)
    for line in list(guest.lines):
        _add(own, line.product, line.quantity)
    db.session.delete(guest)
    db.session.flush()


# -- changing carts -------------------------------------------------------------------------

def _line_for(cart: Cart, product: Product) -> CartLine | None:
    return next((line for line in cart.lines if line.product_id == product.id), None)


def _capped(product: Product, wanted: int) -> tuple[int, str | None]:
    """The quantity the cart may hold, and why it is less than ``wanted`` (or None)."""
    limit = min(product.stock, MAX_QUANTITY)
    if wanted <= limit:
        return wanted, None
    if limit <= 0:
        return 0, gettext("“%(name)s” is sold out.", name=_name(product))
    return limit, ngettext("Only %(num)s of “%(name)s” left: your cart holds %(num)s.",
                           "Only %(num)s of “%(name)s” left: your cart holds %(num)s.",
                           limit, name=_name(product))


def _name(product: Product) -> str:
    text = product.text(str(get_locale()))
    return text.name if text else product.sku


def _add(cart: Cart, product: Product, quantity: int) -> str | None:
    line = _line_for(cart, product)
    wanted = quantity + (line.quantity if line else 0)
    allowed, problem = _capped(product, wanted)
    if allowed <= 0:
        return problem
    if line is None:
        line = CartLine(product=product, quantity=allowed, seen_price_vnd=product.price_vnd)
        cart.lines.append(line)
    else:
        line.quantity = allowed
    return problem


def add_to_cart(cart: Cart, product: Product | None, quantity: int) -> str | None:
    """Add ``quantity`` of ``product``; returns a message when capped by the stock.

    Raises CartError for a product that is not on sale or a quantity below 1.
    """
    if product is None or product.status != ProductStatus.PUBLISHED:
        raise CartError(gettext("This product is not on sale."))
    if quantity < 1 or quantity > MAX_QUANTITY:
        raise CartError(gettext("Choose a quantity from 1 to %(num)s.", num=MAX_QUANTITY))
    problem = _add(cart, product, quantity)
    db.session.flush()
    return problem


def set_quantity(cart: Cart, line: CartLine, quantity: int) -> str | None:
    """0 removes the line; more than the stock is capped (with a message). Raises CartError."""
    if line.cart_id != cart.id:
        raise CartError(gettext("This line is not in your cart."))
    if quantity < 0 or quantity > MAX_QUANTITY:
        raise CartError(gettext("Choose a quantity from 1 to %(num)s.", num=MAX_QUANTITY))
    if quantity == 0:
        remove_line(cart, line)
        return None
    allowed, problem = _capped(line.product, quantity)
    if allowed <= 0:
        remove_line(cart, line)
    else:
        line.quantity = allowed
    db.session.flush()
    return problem


def remove_line(cart: Cart, line: CartLine) -> None:
    if line.cart_id != cart.id:
        raise CartError(gettext("This line is not in your cart."))
    cart.lines.remove(line)
    db.session.flush()


def empty(cart: Cart) -> None:
    cart.lines.clear()
    db.session.flush()


def acknowledge_prices(cart: Cart) -> None:
    """The buyer has seen the current prices: stop flagging them as changed."""
    for line in cart.lines:
        line.seen_price_vnd = line.product.price_vnd
    db.session.flush()


# -- the summary --------------------------------------------------------------------------

@dataclass
class LineView:
    line: CartLine
    product: Product
    quantity: int
    unit_price_vnd: int
    seen_price_vnd: int
    available: bool

    @property
    def total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity

    @property
    def price_changed(self) -> bool:
        return self.unit_price_vnd != self.seen_price_vnd

    @property
    def weight_g(self) -> int:
        return self.product.weight_g * self.quantity

    @property
    def problem(self) -> str | None:
        """Why this line cannot be ordered as it is (localized), or None."""
        if self.product.status != ProductStatus.PUBLISHED:
            return gettext("No longer on sale: remove it to check out.")
        if self.product.stock <= 0:
            return gettext("Sold out: remove it to check out.")
        if self.product.stock < self.quantity:
            return ngettext("Only %(num)s left: lower the quantity to check out.",
                            "Only %(num)s left: lower the quantity to check out.",
                            self.product.stock)
        return None

    @property
    def named_problem(self) -> str | None:
        """The same, naming the product: for messages shown away from the line."""
        name = _name(self.product)
        if self.product.status != ProductStatus.PUBLISHED:
            return gettext("“%(name)s” is no longer on sale.", name=name)
        if self.product.stock <= 0:
            return gettext("“%(name)s” is sold out.", name=name)
        if self.product.stock < self.quantity:
            return ngettext("Only %(num)s of “%(name)s” left.", "Only %(num)s of “%(name)s” left.",
                            self.product.stock, name=name)
        return None


@dataclass
class ParcelView:
    producer: Producer
    lines: list[LineView]
    shipping_vnd: int | None  # None until a destination is known

    @property
    def subtotal_vnd(self) -> int:
        return sum(line.total_vnd for line in self.lines if line.available)

    @property
    def weight_g(self) -> int:
        return sum(line.weight_g for line in self.lines if line.available)


@dataclass
class CartSummary:
    parcels: list[ParcelView] = field(default_factory=list)
    province_code: str | None = None

    @property
    def lines(self) -> Iterable[LineView]:
        return (line for parcel in self.parcels for line in parcel.lines)

    @property
    def subtotal_vnd(self) -> int:
        return sum(parcel.subtotal_vnd for parcel in self.parcels)

    @property
    def shipping_vnd(self) -> int | None:
        fees = [p.shipping_vnd for p in self.parcels if p.subtotal_vnd]
        return None if any(fee is None for fee in fees) else sum(fees)

    @property
    def total_vnd(self) -> int | None:
        shipping = self.shipping_vnd
        return None if shipping is None else self.subtotal_vnd + shipping

    @property
    def price_changes(self) -> list[LineView]:
        return [line for line in self.lines if line.available and line.price_changed]

    @property
    def unavailable(self) -> list[LineView]:
        return [line for line in self.lines if not line.available]

    @property
    def is_empty(self) -> bool:
        return next(iter(self.lines), None) is None


def summarise(cart: Cart | None, province_code: str | None = None) -> CartSummary:
    """Lines grouped by producer, prices as they are now, shipping to ``province_code``."""
    summary = CartSummary(province_code=province_code)
    if cart is None:
        return summary
    by_producer: dict[int, ParcelView] = {}
    for line in cart.lines:
        product = line.product
        available = product.status == ProductStatus.PUBLISHED and product.stock >= line.quantity
        parcel = by_producer.get(product.producer_id)
        if parcel is None:
            parcel = by_producer[product.producer_id] = ParcelView(product.producer, [], None)
            summary.parcels.append(parcel)
        parcel.lines.append(LineView(line, product, line.quantity, product.price_vnd,
                                     line.seen_price_vnd, available))
    if province_code:
        for parcel in summary.parcels:
            parcel.shipping_vnd = parcel_fee(parcel.weight_g, province_code).fee_vnd
    return summary

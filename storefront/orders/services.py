"""Placing orders and moving them through their lifecycle.

Every change happens in the caller's transaction (services flush, never commit) and is
recorded as an OrderEvent. Changes that several processes could race for (expiry,
payment received, cancellation) claim their row with a conditional UPDATE first, so they
happen exactly once however many hosts run them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext

from storefront.accounts import queries as account_queries
from storefront.accounts.models import Role, User
from storefront.cart import services as carts
from storefront.cart.models import Cart
from storefront.catalog import services as catalog
from storefront.catalog.models import Producer, Product
from storefront.clock import utcnow
from storefront.errors import DomainError
from storefront.extensions import db
from storefront.geography import PROVINCES_BY_CODE, normalise_phone
from storefront.links import external_url
from storefront.mail.services import queue_email
from storefront.orders import queries, signals, vietqr
from storefront.orders.models import Fulfilment, Order, OrderEvent, OrderLine
from storefront.orders.states import (
    FULFILMENT_TRANSITIONS,
    NOT_YET_SHIPPED,
    PREPAID,
    FulfilmentStatus,
    PaymentMethod,
    PaymentStatus,
    TransitionError,
    check_transition,
)
from storefront.text import nfc

SYSTEM = "system"
BUYER = "buyer"
CARD_PROCESSOR = "stripe"  # events written on the card processor's word (its webhooks)
BANK = "bank"  # events written on the bank's word (a transfer notification)


class CheckoutError(DomainError):
    """``field`` names the form field at fault, when there is one."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


class PriceChangedError(CheckoutError):
    """The total the buyer saw is not the total now; the page shows the new one."""


@dataclass(frozen=True)
class AgreedLine:
    """A line at a price agreed outside the cart (an accepted wholesale quote)."""

    product: Product
    quantity: int
    unit_price_vnd: int

    @property
    def total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity


@dataclass(frozen=True)
class AgreedParcel:
    producer: Producer
    lines: list[AgreedLine]
    shipping_vnd: int

    @property
    def subtotal_vnd(self) -> int:
        return sum(line.total_vnd for line in self.lines)

    @property
    def weight_g(self) -> int:
        return sum(line.product.weight_g * line.quantity for line in self.lines)

    # The shape _new_order reads from a cart summary: this parcel is the whole order.
    @property
    def parcels(self) -> list[AgreedParcel]:
        return [self]

    @property
    def total_vnd(self) -> int:
        return self.subtotal_vnd + self.shipping_vnd


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str
    street: str
    commune: str
    province_code: str
    note: str = ""


# -- placing an order ----------------------------------------------------------------------

def _validated(contact: Contact) -> Contact:
    phone = normalise_phone(contact.phone)
    if phone is None:
        raise CheckoutError(gettext("Enter a Vietnamese phone number, like 0912 345 678."),
                            field="phone")
    if contact.province_code not in PROVINCES_BY_CODE:
        raise CheckoutError(gettext("Choose a province from the list."), field="province_code")
    for name in ("name", "street", "commune"):
        if not getattr(contact, name).strip():
            raise CheckoutError(gettext("Fill in the name, street and commune or ward."),
                                field=name)
    return Contact(nfc(contact.name).strip(), contact.email.strip().lower(), phone,
                   nfc(contact.street).strip(), nfc(contact.commune).strip(),
                   contact.province_code, nfc(contact.note).strip())


def checkout_key(submitted_key: str, cart: Cart, user: User | None) -> str:
    """The stored idempotency key of a checkout: the form's key, scoped to its buyer.

    The form's key comes from the browser, so anyone can send someone else's: scoped to
    the signed-in account (or, for a guest, to the cart's secret token), the same key from
    another buyer is another key, and a double submit still finds its own order.
    """
    signed_in = user is not None and user.is_authenticated
    owner = f"user:{user.id}" if signed_in else f"cart:{cart.token}"
    return hashlib.sha256(f"{owner}\0{submitted_key}".encode()).hexdigest()  # 64 = column


def order_by_key(idempotency_key: str) -> Order | None:
    return db.session.scalar(sa.select(Order).where(Order.idempotency_key == idempotency_key))


def payment_window(method: PaymentMethod) -> dt.timedelta | None:
    hours = {PaymentMethod.BANK_TRANSFER: "ORDER_TRANSFER_WINDOW_HOURS",
             PaymentMethod.CARD: "ORDER_CARD_WINDOW_HOURS"}.get(method)
    return dt.timedelta(hours=current_app.config[hours]) if hours else None


def available_methods() -> list[PaymentMethod]:
    methods = [PaymentMethod.COD, PaymentMethod.BANK_TRANSFER]
    if current_app.config.get("STRIPE_SECRET_KEY"):
        methods.append(PaymentMethod.CARD)
    return methods


def place_order(cart: Cart, contact: Contact, *, method: PaymentMethod,
                expected_total: int | None,
                idempotency_key: str, locale: str, user: User | None) -> Order:
    """Turn the cart into an order in one transaction.

    Returns the existing order when this buyer already used this key (a double submit):
    ``idempotency_key`` is the form's, scoped here by ``checkout_key``.
    Raises CheckoutError (bad contact, empty cart, a line that cannot be ordered),
    PriceChangedError (the total is not what the buyer saw), or
    catalog.OutOfStockError (stock ran out meanwhile; nothing is taken).
    """
    idempotency_key = checkout_key(idempotency_key, cart, user)
    existing = order_by_key(idempotency_key)
    if existing is not None:
        return existing
    if method not in available_methods():
        raise CheckoutError(gettext("Choose a way to pay."), field="payment_method")
    contact = _validated(contact)
    summary = carts.summarise(cart, contact.province_code)
    if summary.is_empty:
        raise CheckoutError(gettext("Your cart is empty."))
    if summary.unavailable:
        raise CheckoutError(summary.unavailable[0].named_problem)
    if expected_total is None:  # no province was chosen when the page was shown (no script)
        raise PriceChangedError(gettext(
            "Here is the total with shipping to your province: check it and place the order."))
    if summary.total_vnd != expected_total:
        raise PriceChangedError(gettext(
            "The total changed since the page was shown (a price or the shipping fee). "
            "Check the new total and place the order again."))
    lines = [line for line in summary.lines if line.available]
    catalog.take_stock({line.product.id: line.quantity for line in lines},
                       {line.product.id: line.product.text(locale).name for line in lines})
    order = _new_order(summary, contact, method, idempotency_key, locale, user)
    carts.empty(cart)
    _record(order, "order", "", "placed", actor=user, label=BUYER)
    _mail_order_placed(order)
    return order


def place_agreed_order(parcel: AgreedParcel, contact: Contact, *, method: PaymentMethod,
                       terms_days: int | None, idempotency_key: str, locale: str,
                       user: User) -> Order:
    """An order at agreed prices (a wholesale quote), with its stock taken as at checkout.

    ``terms_days`` is set for on-account orders (method TERMS): they do not expire.
    Raises CheckoutError (a bad address) or catalog.OutOfStockError (nothing is taken).
    """
    existing = order_by_key(idempotency_key)
    if existing is not None:
        return existing
    contact = _validated(contact)
    catalog.take_stock({line.product.id: line.quantity for line in parcel.lines},
                       {line.product.id: line.product.text(locale).name for line in parcel.lines})
    order = _new_order(parcel, contact, method, idempotency_key, locale, user)
    order.payment_terms_days = terms_days if method == PaymentMethod.TERMS else None
    _record(order, "order", "", "placed", actor=user)
    _mail_order_placed(order)
    return order


def _new_order(summary, contact: Contact, method: PaymentMethod, key: str, locale: str,
               user: User | None) -> Order:
    window = payment_window(method)
    order = Order(
        idempotency_key=key, locale=locale, user=user if user and user.is_authenticated else None,
        contact_name=contact.name, contact_email=contact.email, contact_phone=contact.phone,
        street=contact.street, commune=contact.commune, province_code=contact.province_code,
        delivery_note=contact.note, subtotal_vnd=summary.subtotal_vnd,
        shipping_vnd=summary.shipping_vnd, total_vnd=summary.total_vnd, payment_method=method,
        expires_at=utcnow() + window if window else None,
    )
    for parcel in summary.parcels:
        fulfilment = Fulfilment(producer=parcel.producer, subtotal_vnd=parcel.subtotal_vnd,
                                shipping_vnd=parcel.shipping_vnd, weight_g=parcel.weight_g)
        order.fulfilments.append(fulfilment)
        for line in parcel.lines:
            order.lines.append(OrderLine(
                fulfilment=fulfilment, product=line.product, quantity=line.quantity,
                name=line.product.text(locale).name, sku=line.product.sku,
                unit_price_vnd=line.unit_price_vnd))
    db.session.add(order)
    db.session.flush()
    order.number = f"QB-{order.created_at.year}-{order.id:06d}"
    db.session.flush()
    return order


# -- events and e-mails ------------------------------------------------------------------

def _record(order: Order, kind: str, old: str, new: str, *, actor: User | None = None,
            label: str = "", fulfilment: Fulfilment | None = None, note: str = "",
            amount_vnd: int | None = None) -> None:
    order.events.append(OrderEvent(
        kind=kind, from_state=str(old), to_state=str(new), fulfilment=fulfilment,
        amount_vnd=amount_vnd,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=label or (actor.name if actor is not None and actor.is_authenticated
                              else SYSTEM), note=note))


def record_payment_event(order: Order, to_state: str, *, label: str, kind: str = "payment",
                         note: str = "", amount_vnd: int | None = None) -> None:
    """History for what a payment provider did: a failed card, a refund, or (kind "office")
    something the office must look at, which buyers do not see."""
    _record(order, kind, order.payment_status, to_state, label=label, note=note,
            amount_vnd=amount_vnd)


def order_link(order: Order) -> str:
    return external_url("orders.view", lang=order.locale, number=order.number,
                        token=order.access_token)


def bank_transfer(order: Order) -> vietqr.Transfer:
    bank = current_app.config["BANK_TRANSFER"]
    return vietqr.Transfer(bank_bin=bank["bin"], account=bank["account"],
                           amount_vnd=order.amount_due_vnd, purpose=order.number,
                           bill_number=order.number)


def _mail_order_placed(order: Order) -> None:
    payload = (vietqr.build_payload(bank_transfer(order))
               if order.payment_method == PaymentMethod.BANK_TRANSFER else None)
    queue_email("order_placed", order.contact_email, order.locale, to_name=order.contact_name,
                order=order, link=order_link(order), bank=current_app.config["BANK_TRANSFER"],
                qr_payload=payload, qr_svg=vietqr.qr_svg(payload) if payload else None)
    for fulfilment in order.fulfilments:
        for address, name, locale in account_queries.producer_recipients(fulfilment.producer_id):
            queue_email("producer_new_order", address, locale, to_name=name, order=order,
                        fulfilment=fulfilment)


def _mail_status(order: Order, kind: str, **context) -> None:
    queue_email(kind, order.contact_email, order.locale, to_name=order.contact_name,
                order=order, link=order_link(order), **context)


# -- access -----------------------------------------------------------------------------------

def order_for_visitor(number: str, user: User | None, token: str | None) -> Order | None:
    """The order, if this visitor may see it (else None: a wrong token is "not found")."""
    order = queries.order_by_number(number)
    return order if order is not None and may_view(order, user, token) else None


def may_view(order: Order, user: User | None, token: str | None) -> bool:
    """The buyer signed in, the holder of the secret link, or the OCOP office."""
    signed_in = user is not None and user.is_authenticated
    if signed_in and (user.role == Role.ADMIN or order.user_id == user.id):
        return True
    return bool(token) and hmac.compare_digest(token, order.access_token)


# -- cancelling and expiring -------------------------------------------------------------

def _claim_payment(order: Order, old: PaymentStatus, new: PaymentStatus, **values) -> bool:
    claimed = db.session.execute(
        sa.update(Order).where(Order.id == order.id, Order.payment_status == old)
        .values(payment_status=new, **values)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if claimed:
        db.session.expire(order, ["payment_status", *values])
    return claimed


def _release(order: Order, fulfilments: list[Fulfilment], actor: User | None, label: str,
             note: str) -> None:
    """Cancel these fulfilments and put their units back on the shelf."""
    quantities: dict[int, int] = {}
    for fulfilment in fulfilments:
        old = fulfilment.status
        fulfilment.status = FulfilmentStatus.CANCELLED
        _record(order, "fulfilment", old, fulfilment.status, actor=actor, label=label,
                fulfilment=fulfilment, note=note)
        for line in fulfilment.lines:
            if line.product_id is not None:
                quantities[line.product_id] = quantities.get(line.product_id, 0) + line.quantity
    if quantities:
        catalog.return_stock(quantities)


def can_cancel(order: Order) -> bool:
    """Before anything has shipped, and not already cancelled or expired."""
    return (all(f.status in NOT_YET_SHIPPED | {FulfilmentStatus.CANCELLED}
                for f in order.fulfilments)
            and not order.is_cancelled
            and order.payment_status in (PaymentStatus.UNPAID, PaymentStatus.PAID))


def cancel_order(order: Order, actor: User | None, label: str = BUYER, note: str = "") -> None:
    """Cancel every part not yet shipped, return the stock, tell the buyer.

    Raises TransitionError once something has shipped (or it is already cancelled).
    """
    refused = TransitionError(gettext("This order can no longer be cancelled."))
    if not can_cancel(order):
        raise refused
    claimed = db.session.execute(  # a second tab, or the producer at the same moment
        sa.update(Order).where(Order.id == order.id, Order.cancelled_at.is_(None))
        .values(cancelled_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount == 1
    if not claimed:
        raise refused
    db.session.expire(order, ["cancelled_at"])
    cancelled = [f for f in order.fulfilments if f.status in NOT_YET_SHIPPED]
    _release(order, cancelled, actor, label, note)
    _record(order, "order", "placed", "cancelled", actor=actor, label=label, note=note)
    db.session.flush()
    _mail_status(order, "order_cancelled", note=note)
    signals.parts_cancelled.send(None, order=order, fulfilments=cancelled)


def expire_order(order: Order) -> bool:
    """Lapse an unpaid order past its deadline: exactly once, whoever runs it.

    Returns False if it was not due or another process expired or paid it first.
    """
    now = utcnow()
    if order.expires_at is None or order.expires_at > now:
        return False
    if not _claim_payment(order, PaymentStatus.UNPAID, PaymentStatus.EXPIRED,
                          cancelled_at=now):
        return False
    _record(order, "payment", PaymentStatus.UNPAID, PaymentStatus.EXPIRED, label=SYSTEM)
    _release(order, [f for f in order.fulfilments if f.status in NOT_YET_SHIPPED], None,
             SYSTEM, gettext("Not paid in time"))
    db.session.flush()
    _mail_status(order, "order_expired")
    signals.parts_cancelled.send(None, order=order, fulfilments=[])
    return True


def due_for_expiry(limit: int = 500) -> list[int]:
    return list(db.session.scalars(
        sa.select(Order.id).where(Order.payment_status == PaymentStatus.UNPAID,
                                  Order.expires_at.is_not(None), Order.expires_at <= utcnow())
        .order_by(Order.expires_at).limit(limit)))


# -- payments and fulfilments ---------------------------------------------------------------

def mark_paid(order: Order, actor: User | None, label: str = "", note: str = "") -> bool:
    """Record the payment (a transfer seen on the statement, cash at the door).

    Returns False when it was already paid (a second click changes nothing). Raises
    TransitionError for an expired or refunded order.
    """
    if order.payment_status == PaymentStatus.PAID:
        return False
    if order.payment_status != PaymentStatus.UNPAID or order.is_cancelled:
        raise TransitionError(gettext("This order is not waiting for a payment."))
    if not _claim_payment(order, PaymentStatus.UNPAID, PaymentStatus.PAID, paid_at=utcnow()):
        return False
    _record(order, "payment", PaymentStatus.UNPAID, PaymentStatus.PAID, actor=actor,
            label=label, note=note)
    db.session.flush()
    if order.payment_method != PaymentMethod.COD:
        _mail_status(order, "payment_received")
    if order.payment_method in PREPAID:
        _mail_producers_paid(order)
    return True


def _mail_producers_paid(order: Order) -> None:
    """Prepaid orders: producers were told to wait for the money; now they may ship."""
    for fulfilment in order.fulfilments:
        if fulfilment.status == FulfilmentStatus.CANCELLED:
            continue
        for address, name, locale in account_queries.producer_recipients(fulfilment.producer_id):
            queue_email("producer_order_paid", address, locale, to_name=name, order=order,
                        fulfilment=fulfilment)


def mark_refunded(order: Order, label: str, note: str = "") -> bool:
    """Everything paid went back to the buyer: PAID becomes REFUNDED, exactly once."""
    if not _claim_payment(order, PaymentStatus.PAID, PaymentStatus.REFUNDED):
        return False
    _record(order, "payment", PaymentStatus.PAID, PaymentStatus.REFUNDED, label=label,
            note=note)
    db.session.flush()
    return True


def advance_fulfilment(fulfilment: Fulfilment, to: FulfilmentStatus, actor: User, *,
                       tracking_code: str = "", carrier: str = "", note: str = "") -> None:
    """Move a producer's part on (confirm, pack, ship with a tracking code, deliver) or
    cancel it. Raises TransitionError for a move the state machine does not allow, and
    for shipping a prepaid order before its payment arrived."""
    order = fulfilment.order
    if order.payment_status == PaymentStatus.EXPIRED:
        raise TransitionError(gettext("This order expired unpaid."))
    check_transition(FULFILMENT_TRANSITIONS, fulfilment.status, to)
    if to == FulfilmentStatus.SHIPPED:
        if order.awaits_prepayment:
            raise TransitionError(gettext("Wait for the payment before shipping: the order "
                                          "is not paid yet."))
        if not tracking_code.strip():
            raise TransitionError(gettext("Enter the parcel's tracking code."))
        fulfilment.tracking_code = nfc(tracking_code).strip()[:60]
        fulfilment.carrier = nfc(carrier).strip()[:60]
    old = fulfilment.status
    if to == FulfilmentStatus.CANCELLED:
        _release(order, [fulfilment], actor, "", note)
        signals.parts_cancelled.send(None, order=order, fulfilments=[fulfilment])
    else:
        fulfilment.status = to
        _record(order, "fulfilment", old, to, actor=actor, fulfilment=fulfilment, note=note)
    db.session.flush()
    if to in (FulfilmentStatus.SHIPPED, FulfilmentStatus.DELIVERED, FulfilmentStatus.CANCELLED):
        _mail_status(order, f"fulfilment_{to}", fulfilment=fulfilment, note=note)
    if (order.payment_method == PaymentMethod.COD
            and all(f.status in (FulfilmentStatus.DELIVERED, FulfilmentStatus.CANCELLED)
                    for f in order.fulfilments)
            and any(f.status == FulfilmentStatus.DELIVERED for f in order.fulfilments)):
        mark_paid(order, actor, note=gettext("Cash collected on delivery"))

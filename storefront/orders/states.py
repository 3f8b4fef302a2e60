"""The state machines of orders' fulfilments and payments.

Each workflow is an enum plus its allowed transitions; services move states only through
``check_transition`` and record every change as an ``OrderEvent``.
"""

from __future__ import annotations

import enum

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from storefront.errors import DomainError


class FulfilmentStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class PaymentStatus(enum.StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    REFUNDED = "refunded"
    EXPIRED = "expired"


class PaymentMethod(enum.StrEnum):
    COD = "cod"
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"
    TERMS = "terms"  # invoiced, paid within the days agreed in a wholesale quote


FULFILMENT_TRANSITIONS: dict[FulfilmentStatus, set[FulfilmentStatus]] = {
    FulfilmentStatus.PENDING: {FulfilmentStatus.CONFIRMED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.CONFIRMED: {FulfilmentStatus.PACKED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.PACKED: {FulfilmentStatus.SHIPPED, FulfilmentStatus.CANCELLED},
    FulfilmentStatus.SHIPPED: {FulfilmentStatus.DELIVERED},
    FulfilmentStatus.DELIVERED: set(),
    FulfilmentStatus.CANCELLED: set(),
}
PAYMENT_TRANSITIONS: dict[PaymentStatus, set[PaymentStatus]] = {
    PaymentStatus.UNPAID: {PaymentStatus.PAID, PaymentStatus.EXPIRED},
    PaymentStatus.PAID: {PaymentStatus.REFUNDED},
    PaymentStatus.REFUNDED: set(),
    PaymentStatus.EXPIRED: set(),
}
# Paid before anything ships: producers wait for the money, then hear that it came.
PREPAID = {PaymentMethod.BANK_TRANSFER, PaymentMethod.CARD}
NOT_YET_SHIPPED = {FulfilmentStatus.PENDING, FulfilmentStatus.CONFIRMED, FulfilmentStatus.PACKED}

FULFILMENT_LABELS = {
    FulfilmentStatus.PENDING: _l("Waiting for the producer"),
    FulfilmentStatus.CONFIRMED: _l("Confirmed"),
    FulfilmentStatus.PACKED: _l("Packed"),
    FulfilmentStatus.SHIPPED: _l("Shipped"),
    FulfilmentStatus.DELIVERED: _l("Delivered"),
    FulfilmentStatus.CANCELLED: _l("Cancelled"),
}
# What the button that moves a part *to* a state says: a verb, where the labels above
# name the state the part is in.
FULFILMENT_ACTIONS = {
    FulfilmentStatus.CONFIRMED: _l("Confirm"),
    FulfilmentStatus.PACKED: _l("Mark as packed"),
    FulfilmentStatus.SHIPPED: _l("Mark as shipped"),
    FulfilmentStatus.DELIVERED: _l("Mark as delivered"),
    FulfilmentStatus.CANCELLED: _l("Cancel this part"),
}
PAYMENT_LABELS = {
    PaymentStatus.UNPAID: _l("Not paid yet"),
    PaymentStatus.PAID: _l("Paid"),
    PaymentStatus.REFUNDED: _l("Refunded"),
    PaymentStatus.EXPIRED: _l("Expired unpaid"),
}
METHOD_LABELS = {
    PaymentMethod.COD: _l("Cash on delivery"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer (VietQR)"),
    PaymentMethod.CARD: _l("Card"),
    PaymentMethod.TERMS: _l("On account (agreed terms)"),
}


class TransitionError(DomainError):
    pass


def check_transition(table: dict, current, wanted) -> None:
    """Raises TransitionError if ``current`` may not become ``wanted``."""
    if wanted not in table.get(current, set()):
        raise TransitionError(gettext(
            "This order cannot go from “%(current)s” to “%(wanted)s”.",
            current=_label(current), wanted=_label(wanted)))


def _label(state) -> str:
    labels = {**FULFILMENT_LABELS, **PAYMENT_LABELS}
    return str(labels.get(state, state))

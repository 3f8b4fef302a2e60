"""Finding the order a transfer pays, in the message buyers and banks really send.

Order numbers are "QB-2026-000123". On the way through a banking app they become
"QB2026000123", "qb 2026 123", "QB-2026-123", "Nguyen Van A chuyen tien QB2026000123",
"MBVCB.123.QB2026000123.CT tu 0011...", with diacritics stripped and the end cut at the
bank's length limit. What stays recognisable: the letters QB, a year, a serial number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storefront.finance.models import ReviewReason, TransactionStatus
from storefront.text import fold

ORDER_PREFIX = "QB"
SERIAL_DIGITS = 6
# QB, a 20xx year and the serial; separators may be anything that is not a letter or
# digit (or nothing). The serial ends where the digits end: "QB2026000123ABC" still names
# 000123, but "QB20261234567" (seven digits) names nothing.
_NUMBER = re.compile(
    rf"(?<![0-9a-z]){ORDER_PREFIX.lower()}[^0-9a-z]{{0,3}}(20[0-9]{{2}})[^0-9a-z]{{0,3}}"
    rf"([0-9]{{1,{SERIAL_DIGITS}}})(?![0-9])")


def order_numbers_in(message: str) -> list[str]:
    """The order numbers a transfer message names, canonical and in order, without repeats.

    >>> order_numbers_in("Nguyen Thi Lan chuyen khoan qb 2026 123")
    ['QB-2026-000123']
    """
    found: list[str] = []
    for year, serial in _NUMBER.findall(fold(message or "")):
        number = f"{ORDER_PREFIX}-{year}-{int(serial):0{SERIAL_DIGITS}d}"
        if int(serial) > 0 and number not in found:
            found.append(number)
    return found


@dataclass(frozen=True)
class Candidate:
    """What the money is compared with: an order's number, what is due and what it is."""

    number: str
    due_vnd: int
    received_before_vnd: int  # earlier transfers already assigned to this order
    payable_by_transfer: bool  # bank transfer or on-account terms
    waiting_for_payment: bool  # unpaid and not cancelled or expired
    already_paid: bool


@dataclass(frozen=True)
class Decision:
    status: TransactionStatus
    reason: ReviewReason | None = None
    order_number: str | None = None

    @property
    def pays_order(self) -> bool:
        return self.status == TransactionStatus.MATCHED


def decide(amount_vnd: int, named: list[str], candidates: dict[str, Candidate]) -> Decision:
    """What an incoming transfer of ``amount_vnd`` naming ``named`` does.

    ``candidates`` holds the named orders that exist. Of several, the first one waiting
    for exactly this money wins, else the first that exists.
    """
    if not named:
        return Decision(TransactionStatus.REVIEW, ReviewReason.NO_REFERENCE)
    existing = [candidates[number] for number in named if number in candidates]
    if not existing:
        return Decision(TransactionStatus.REVIEW, ReviewReason.UNKNOWN_ORDER)
    order = next((c for c in existing if c.waiting_for_payment and c.payable_by_transfer
                  and c.received_before_vnd + amount_vnd == c.due_vnd), existing[0])
    return Decision(*_outcome(order, amount_vnd), order_number=order.number)


def _outcome(order: Candidate, amount_vnd: int) -> tuple[TransactionStatus, ReviewReason | None]:
    if order.already_paid:
        return TransactionStatus.REVIEW, ReviewReason.ALREADY_PAID
    if not order.payable_by_transfer:
        return TransactionStatus.REVIEW, ReviewReason.OTHER_METHOD
    if not order.waiting_for_payment:
        return TransactionStatus.REVIEW, ReviewReason.EXPIRED
    received = order.received_before_vnd + amount_vnd
    if received < order.due_vnd:
        return TransactionStatus.REVIEW, ReviewReason.UNDERPAID
    if received > order.due_vnd:
        return TransactionStatus.REVIEW, ReviewReason.OVERPAID
    return TransactionStatus.MATCHED, None

"""The office's desk for transfers that did not pay an order by themselves.

Two decisions, each one step and audited (the audit log records the office's changes as
they are flushed): *assign* a transfer to the order it is for — it then pays the order if
it brings what is still due, or waits there as a part-payment — or *record the refund*
the office made by bank, with the bank's reference.
"""

from __future__ import annotations

from flask_babel import gettext

from storefront.errors import DomainError
from storefront.finance import matching, transfers
from storefront.finance.models import BankTransaction, TransactionStatus
from storefront.text import nfc


class DeskError(DomainError):
    pass


def _check_open(transaction: BankTransaction) -> None:
    if transaction.status != TransactionStatus.REVIEW:
        raise DeskError(gettext("This transfer is already settled; nothing was changed."))


def assign(transaction: BankTransaction, order_number: str,
           note: str = "") -> matching.Decision:
    """Point ``transaction`` at the order ``order_number`` and let the money count there.

    Raises DeskError for a settled transfer or a number that names no order.
    """
    _check_open(transaction)
    # Its own earlier state (a part-payment of some order) must not count as money
    # already received; on a refusal the caller rolls this back.
    transaction.order, transaction.reason = None, None
    named = matching.order_numbers_in(order_number)[:1]
    found = transfers.orders_named(named)
    if not found:
        raise DeskError(gettext("No order has the number “%(number)s”.",
                                number=order_number.strip()[:40]))
    decision = transfers.apply_decision(transaction, named, found)
    transaction.office_note = nfc(note).strip()
    return decision


def record_refund(transaction: BankTransaction, bank_reference: str, note: str = "") -> None:
    """The office sent this money back by bank. Raises DeskError without a reference."""
    _check_open(transaction)
    reference = nfc(bank_reference).strip()
    if not reference:
        raise DeskError(gettext("Enter the bank's reference of the refund you sent."))
    transaction.status, transaction.refund_reference = TransactionStatus.REFUNDED, reference
    transaction.office_note = nfc(note).strip()

"""Recording the office account's transactions and letting incoming transfers pay orders.

Every notification is stored once — by the service's own id, and by the bank's reference
so that a webhook and an imported statement of the same transfer meet — whatever it is.
An incoming transfer that names an order and brings exactly what is still due pays it
through ``orders.services.mark_paid``, the path the office's button uses, so the buyer and
the producers hear of it as before. Everything else waits on the office's desk.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

import sqlalchemy as sa

from storefront.extensions import db
from storefront.finance import matching
from storefront.finance.models import BankTransaction, ReviewReason, TransactionStatus
from storefront.finance.providers import Notification
from storefront.orders import services as orders
from storefront.orders.models import Order
from storefront.orders.states import PaymentMethod, PaymentStatus, TransitionError

log = logging.getLogger(__name__)
PAYABLE_BY_TRANSFER = {PaymentMethod.BANK_TRANSFER, PaymentMethod.TERMS}


def record(notification: Notification, bank: Mapping) -> tuple[BankTransaction, bool]:
    """Store ``notification`` unless already seen; returns (transaction, is_new).

    ``bank`` is the ``BANK_TRANSFER`` setting: only money into its account is matched.
    A concurrent twin (the same transfer from another source at the same moment) makes
    the flush fail on the unique indexes: the caller rolls back and answers "duplicate".
    """
    earlier = _already_seen(notification)
    if earlier is not None:
        return earlier, False
    transaction = BankTransaction(
        provider=notification.provider, provider_id=notification.provider_id,
        account_number=notification.account_number, incoming=notification.incoming,
        amount_vnd=notification.amount_vnd, content=notification.content,
        bank_reference=notification.bank_reference, occurred_at=notification.occurred_at,
        status=TransactionStatus.REVIEW)
    db.session.add(transaction)
    if not notification.incoming:
        transaction.status = TransactionStatus.OUTGOING
    elif _account_key(notification.account_number) != _account_key(str(bank.get("account", ""))):
        transaction.status = TransactionStatus.OTHER_ACCOUNT
    else:
        _match(transaction)
    db.session.flush()
    return transaction, True


def _already_seen(notification: Notification) -> BankTransaction | None:
    same_id = sa.and_(BankTransaction.provider == notification.provider,
                      BankTransaction.provider_id == notification.provider_id)
    condition = same_id
    if notification.bank_reference:
        condition = sa.or_(same_id, sa.and_(
            BankTransaction.account_number == notification.account_number,
            BankTransaction.bank_reference == notification.bank_reference))
    return db.session.scalars(sa.select(BankTransaction).where(condition).limit(1)).first()


def _account_key(account: str) -> str:
    """An account number without the spaces, dots or dashes people write in it."""
    return re.sub(r"[^0-9A-Za-z]", "", account)


def _match(transaction: BankTransaction) -> None:
    named = matching.order_numbers_in(transaction.content)
    apply_decision(transaction, named, orders_named(named))


def apply_decision(transaction: BankTransaction, named: list[str],
                   found: dict[str, tuple[Order, matching.Candidate]]) -> matching.Decision:
    """Decide what ``transaction`` does among the orders ``found`` and do it."""
    decision = matching.decide(transaction.amount_vnd, named,
                               {number: candidate for number, (_, candidate) in found.items()})
    transaction.status, transaction.reason = decision.status, decision.reason
    if decision.order_number is not None:
        order = found[decision.order_number][0]
        transaction.order = order
        if decision.pays_order:
            _pay(order, transaction)
    return decision


def orders_named(numbers: list[str]) -> dict[str, tuple[Order, matching.Candidate]]:
    if not numbers:
        return {}
    orders_found = db.session.scalars(sa.select(Order).where(Order.number.in_(numbers))).all()
    received = _part_payments([order.id for order in orders_found])
    return {order.number: (order, matching.Candidate(
        number=order.number, due_vnd=order.amount_due_vnd,
        received_before_vnd=received.get(order.id, 0),
        payable_by_transfer=order.payment_method in PAYABLE_BY_TRANSFER,
        waiting_for_payment=order.payment_status == PaymentStatus.UNPAID
        and not order.is_cancelled,
        already_paid=order.payment_status == PaymentStatus.PAID))
        for order in orders_found}


def _waiting_part_payments(order_id: int) -> list[BankTransaction]:
    return list(db.session.scalars(sa.select(BankTransaction).where(
        BankTransaction.order_id == order_id,
        BankTransaction.status == TransactionStatus.REVIEW,
        BankTransaction.reason == ReviewReason.UNDERPAID)))


def _part_payments(order_ids: list[int]) -> dict[int, int]:
    """Money already received for these orders in transfers that were too small alone."""
    if not order_ids:
        return {}
    rows = db.session.execute(
        sa.select(BankTransaction.order_id, sa.func.sum(BankTransaction.amount_vnd))
        .where(BankTransaction.order_id.in_(order_ids),
               BankTransaction.status == TransactionStatus.REVIEW,
               BankTransaction.reason == ReviewReason.UNDERPAID)
        .group_by(BankTransaction.order_id))
    return {order_id: int(total) for order_id, total in rows}


def _pay(order: Order, transaction: BankTransaction) -> None:
    """Mark the order paid on the bank's word; earlier part-payments become matched too."""
    note = f"{transaction.provider} {transaction.bank_reference or transaction.provider_id}"
    try:
        paid_now = orders.mark_paid(order, None, label=orders.BANK, note=note)
    except TransitionError:  # expired or cancelled between the check and now
        paid_now = False
        transaction.reason = ReviewReason.EXPIRED
    if not paid_now:
        transaction.status = TransactionStatus.REVIEW
        transaction.reason = transaction.reason or ReviewReason.ALREADY_PAID
        return
    for part in _waiting_part_payments(order.id):
        part.status, part.reason = TransactionStatus.MATCHED, None
    log.info("Order %s paid by bank transfer %s", order.number, note)

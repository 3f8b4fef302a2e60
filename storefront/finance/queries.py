"""Reading the office account's transactions for the desk."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from storefront.extensions import db
from storefront.finance.models import BankTransaction, TransactionStatus
from storefront.orders.models import Order
from storefront.pagination import Page

# The desk's tabs: what waits for the office first, then the rest of the account.
DESK_FILTERS = {
    "review": lambda: BankTransaction.status == TransactionStatus.REVIEW,
    "matched": lambda: BankTransaction.status == TransactionStatus.MATCHED,
    "refunded": lambda: BankTransaction.status == TransactionStatus.REFUNDED,
    "other": lambda: BankTransaction.status.in_(
        [TransactionStatus.OUTGOING, TransactionStatus.OTHER_ACCOUNT]),
    "all": lambda: sa.true(),
}


def transactions_page(tab: str, page: int, page_size: int) -> Page:
    """The tab's transactions, newest first, with the order each names."""
    condition = DESK_FILTERS[tab]()
    total = db.session.scalar(
        sa.select(sa.func.count(BankTransaction.id)).where(condition)) or 0
    items = list(db.session.scalars(
        sa.select(BankTransaction).where(condition)
        .order_by(BankTransaction.occurred_at.desc(), BankTransaction.id.desc())
        .limit(page_size).offset((page - 1) * page_size)
        .options(joinedload(BankTransaction.order).selectinload(Order.fulfilments))))
    return Page(items, total, page, page_size)


def transaction(transaction_id: int) -> BankTransaction | None:
    return db.session.get(BankTransaction, transaction_id)


def waiting_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(BankTransaction.id)).where(
        BankTransaction.status == TransactionStatus.REVIEW)) or 0


def transfers_for(order: Order) -> list[BankTransaction]:
    """Every transfer that names ``order``, oldest first (the office's order page)."""
    return list(db.session.scalars(
        sa.select(BankTransaction).where(BankTransaction.order_id == order.id)
        .order_by(BankTransaction.occurred_at, BankTransaction.id)))

"""Bank transactions seen on the office's account, from a notification service or a
statement, and what became of each."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.clock import utcnow
from storefront.db import Base, enum_column
from storefront.orders.models import Order


class TransactionStatus(enum.StrEnum):
    MATCHED = "matched"  # paid an order (alone, or completing earlier part-payments)
    REVIEW = "review"  # on the office's desk, with a reason
    OUTGOING = "outgoing"  # money that left the account: kept, never matched
    OTHER_ACCOUNT = "other_account"  # not the account buyers pay into
    REFUNDED = "refunded"  # the office sent the money back by bank (its reference kept)


class ReviewReason(enum.StrEnum):
    UNDERPAID = "underpaid"  # less than due: partly paid, the rest still due
    OVERPAID = "overpaid"  # more than due: a refund is owed
    EXPIRED = "expired"  # the order lapsed or was cancelled before the money came
    ALREADY_PAID = "already_paid"  # a second payment of a paid order
    OTHER_METHOD = "other_method"  # the order is paid another way (cash, card)
    UNKNOWN_ORDER = "unknown_order"  # looks like an order number, but there is no such order
    NO_REFERENCE = "no_reference"  # no recognisable order number


class BankTransaction(Base):
    """One line of the office's bank account, stored once per provider transaction.

    ``provider_id`` is the notifier's own id (SePay's ``id``, Casso's ``id``) or, for an
    imported statement, the bank's reference. ``bank_reference`` is the bank's reference
    as the bank prints it, upper-cased alphanumerics: the same transfer reported by a
    webhook and by a statement shares it, and the unique index keeps it once.
    """

    __tablename__ = "bank_transactions"
    __table_args__ = (
        sa.UniqueConstraint("provider", "provider_id"),
        sa.Index("uq_bank_transactions_account_reference", "account_number", "bank_reference",
                 unique=True, sqlite_where=sa.text("bank_reference != ''"),
                 postgresql_where=sa.text("bank_reference != ''")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20))  # sepay, casso, statement
    provider_id: Mapped[str] = mapped_column(sa.String(120))
    account_number: Mapped[str] = mapped_column(sa.String(40))
    incoming: Mapped[bool]
    amount_vnd: Mapped[int] = mapped_column(sa.BigInteger)  # always positive
    content: Mapped[str] = mapped_column(sa.Text, default="")  # the transfer message
    bank_reference: Mapped[str] = mapped_column(sa.String(120), default="")
    occurred_at: Mapped[dt.datetime]
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    status: Mapped[TransactionStatus] = mapped_column(enum_column(TransactionStatus),
                                                      index=True)
    reason: Mapped[ReviewReason | None] = mapped_column(enum_column(ReviewReason))
    # The order the money names (or completes): set for matches and for desk items that
    # name an order, so the desk can suggest it.
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id"), index=True)

    # What the office decided on the desk (who and when: the audit log).
    office_note: Mapped[str] = mapped_column(sa.Text, default="")
    refund_reference: Mapped[str] = mapped_column(sa.String(120), default="")

    order: Mapped[Order | None] = relationship()

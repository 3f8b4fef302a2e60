"""Card payments (one Stripe PaymentIntent per order), their refunds, and the webhook log."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.clock import utcnow
from storefront.db import Base, TimestampMixin
from storefront.orders.models import Fulfilment, Order

# Stripe's PaymentIntent statuses that this app mirrors (others are shown as they come).
SUCCEEDED = "succeeded"
PROCESSING = "processing"
CANCELED = "canceled"  # Stripe's spelling
NEEDS_PAYMENT_METHOD = "requires_payment_method"

# Why a payment waits for a person at the OCOP office (Payment.flag).
FLAG_AMOUNT_MISMATCH = "amount_mismatch"
FLAG_REFUND_FAILED = "refund_failed"
FLAG_LATE_PAYMENT = "late_payment"  # paid after the order was cancelled or expired


class Payment(TimestampMixin, Base):
    """An order's card payment: the PaymentIntent, what Stripe last said, what was refunded.

    ``intent_status`` mirrors Stripe; the order's own ``payment_status`` changes only on a
    verified webhook (or a reconcile run), never on the buyer's return from the card page.
    """

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"),
                                          unique=True)
    provider: Mapped[str] = mapped_column(sa.String(20), default="stripe")
    intent_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    amount_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3), default="vnd")
    intent_status: Mapped[str] = mapped_column(sa.String(40), default=NEEDS_PAYMENT_METHOD)
    failure_message: Mapped[str] = mapped_column(sa.Text, default="")
    refunded_vnd: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    flag: Mapped[str] = mapped_column(sa.String(20), default="", index=True)
    flag_detail: Mapped[str] = mapped_column(sa.Text, default="")

    order: Mapped[Order] = relationship()
    refunds: Mapped[list[Refund]] = relationship(back_populates="payment",
                                                 order_by="Refund.id")

    @property
    def is_succeeded(self) -> bool:
        return self.intent_status == SUCCEEDED


class Refund(TimestampMixin, Base):
    """Money sent back to the card: for a cancelled producer's part, or a late payment.

    ``idempotency_key`` is unique and derived from what is refunded (the order's key and the
    part), so the same part can never be refunded twice, here or at Stripe.
    """

    __tablename__ = "payment_refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(sa.ForeignKey("payments.id", ondelete="CASCADE"),
                                            index=True)
    fulfilment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fulfilments.id"))
    amount_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    idempotency_key: Mapped[str] = mapped_column(sa.String(120), unique=True)
    provider_refund_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="pending")  # succeeded, failed
    failure_message: Mapped[str] = mapped_column(sa.Text, default="")

    payment: Mapped[Payment] = relationship(back_populates="refunds")
    fulfilment: Mapped[Fulfilment | None] = relationship()


class WebhookEvent(Base):
    """Each provider event once: a redelivered event finds its row and changes nothing."""

    __tablename__ = "webhook_events"
    __table_args__ = (sa.UniqueConstraint("provider", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(sa.String(20), default="stripe")
    event_id: Mapped[str] = mapped_column(sa.String(255))
    type: Mapped[str] = mapped_column(sa.String(80))
    outcome: Mapped[str] = mapped_column(sa.String(40), default="")
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

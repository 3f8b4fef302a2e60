"""Orders, their lines, one fulfilment per producer, and the event history."""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.accounts.models import User
from storefront.catalog.models import Producer, Product
from storefront.clock import utcnow
from storefront.db import Base, TimestampMixin, enum_column
from storefront.orders.states import PREPAID, FulfilmentStatus, PaymentMethod, PaymentStatus


def new_access_token() -> str:
    return secrets.token_urlsafe(24)


class Order(TimestampMixin, Base):
    """What a buyer ordered, from one or several producers, and how they pay."""

    __tablename__ = "orders"
    __table_args__ = (
        sa.Index("ix_orders_unpaid_expiry", "payment_status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)  # QB-2026-000123
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    # The secret in a guest's link to the order page (and in its e-mails).
    access_token: Mapped[str] = mapped_column(sa.String(64), default=new_access_token)
    # The checkout form's key: the same submission twice makes one order.
    idempotency_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    locale: Mapped[str] = mapped_column(sa.String(5))

    contact_name: Mapped[str] = mapped_column(sa.String(120))
    contact_email: Mapped[str] = mapped_column(sa.String(255), index=True)
    contact_phone: Mapped[str] = mapped_column(sa.String(20))
    street: Mapped[str] = mapped_column(sa.String(200))
    commune: Mapped[str] = mapped_column(sa.String(120))
    province_code: Mapped[str] = mapped_column(sa.String(40))
    delivery_note: Mapped[str] = mapped_column(sa.Text, default="")

    subtotal_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    shipping_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    total_vnd: Mapped[int] = mapped_column(sa.BigInteger)

    payment_method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod))
    payment_status: Mapped[PaymentStatus] = mapped_column(
        enum_column(PaymentStatus), default=PaymentStatus.UNPAID
    )
    expires_at: Mapped[dt.datetime | None]  # unpaid transfers lapse then
    payment_terms_days: Mapped[int | None]  # on-account orders: days to pay the invoice
    paid_at: Mapped[dt.datetime | None]
    cancelled_at: Mapped[dt.datetime | None]

    user: Mapped[User | None] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    fulfilments: Mapped[list[Fulfilment]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Fulfilment.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan",
        order_by="(OrderEvent.created_at, OrderEvent.id)",
    )

    @property
    def is_cancelled(self) -> bool:
        return all(f.status == FulfilmentStatus.CANCELLED for f in self.fulfilments)

    @property
    def awaits_prepayment(self) -> bool:
        """Paid by transfer or card, and the money has not come: nothing may ship yet."""
        return self.payment_method in PREPAID and self.payment_status == PaymentStatus.UNPAID

    @property
    def amount_due_vnd(self) -> int:
        """What the buyer pays: the parts not cancelled, with their shipping."""
        return sum(f.subtotal_vnd + f.shipping_vnd for f in self.fulfilments
                   if f.status != FulfilmentStatus.CANCELLED)


class Fulfilment(Base):
    """One producer's part of an order: its parcel, its shipping fee, its progress."""

    __tablename__ = "fulfilments"
    __table_args__ = (sa.UniqueConstraint("order_id", "producer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"),
                                          index=True)
    producer_id: Mapped[int] = mapped_column(sa.ForeignKey("producers.id"), index=True)
    status: Mapped[FulfilmentStatus] = mapped_column(
        enum_column(FulfilmentStatus), default=FulfilmentStatus.PENDING, index=True
    )
    subtotal_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    shipping_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    weight_g: Mapped[int]
    carrier: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    tracking_code: Mapped[str] = mapped_column(sa.String(60), default="")

    order: Mapped[Order] = relationship(back_populates="fulfilments")
    producer: Mapped[Producer] = relationship()
    lines: Mapped[list[OrderLine]] = relationship(back_populates="fulfilment",
                                                  order_by="OrderLine.id")


class OrderLine(Base):
    """A copy of what was sold: name, SKU and unit price as they were at the sale."""

    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"),
                                          index=True)
    fulfilment_id: Mapped[int] = mapped_column(sa.ForeignKey("fulfilments.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("products.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    sku: Mapped[str] = mapped_column(sa.String(40))
    unit_price_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    quantity: Mapped[int]

    order: Mapped[Order] = relationship(back_populates="lines")
    fulfilment: Mapped[Fulfilment] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship()

    @property
    def total_vnd(self) -> int:
        return self.unit_price_vnd * self.quantity


class OrderEvent(Base):
    """Append-only history: who moved what from which state to which, and when."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"),
                                          index=True)
    fulfilment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("fulfilments.id"))
    # order, fulfilment, payment, refund, or office (a note for the office only)
    kind: Mapped[str] = mapped_column(sa.String(20))
    from_state: Mapped[str] = mapped_column(sa.String(20), default="")
    to_state: Mapped[str] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(sa.String(120), default="")  # "buyer", "system"
    note: Mapped[str] = mapped_column(sa.Text, default="")
    amount_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)  # money moved (refunds)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")
    fulfilment: Mapped[Fulfilment | None] = relationship()
    actor: Mapped[User | None] = relationship()

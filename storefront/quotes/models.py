"""Wholesale quotes: a distributor's list, requests per producer, revisions, messages, events."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.accounts.models import User
from storefront.catalog.models import Producer, Product
from storefront.clock import utcnow
from storefront.db import Base, TimestampMixin, enum_column
from storefront.orders.models import Order
from storefront.quotes.states import PaymentTerms, QuoteStatus


class QuoteListLine(TimestampMixin, Base):
    """A product on a distributor's "to quote" list (their cart for wholesale)."""

    __tablename__ = "quote_list_lines"
    __table_args__ = (sa.UniqueConstraint("user_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"))
    quantity: Mapped[int]
    target_price_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)

    product: Mapped[Product] = relationship()


class QuoteRequest(TimestampMixin, Base):
    """One distributor asking one producer for a price: numbered RFQ-<year>-<id>."""

    __tablename__ = "quote_requests"
    __table_args__ = (sa.Index("ix_quote_requests_expiry", "status", "valid_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str | None] = mapped_column(sa.String(20), unique=True)
    distributor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    producer_id: Mapped[int] = mapped_column(sa.ForeignKey("producers.id"), index=True)
    status: Mapped[QuoteStatus] = mapped_column(enum_column(QuoteStatus),
                                                default=QuoteStatus.SUBMITTED, index=True)
    delivery_province: Mapped[str] = mapped_column(sa.String(40))
    needed_by: Mapped[dt.date | None]
    message: Mapped[str] = mapped_column(sa.Text, default="")
    # The current quote's last valid day (copied from its revision for the expiry query).
    valid_until: Mapped[dt.date | None]
    reminded_at: Mapped[dt.datetime | None]
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id"), unique=True)

    distributor: Mapped[User] = relationship()
    producer: Mapped[Producer] = relationship()
    order: Mapped[Order | None] = relationship()
    lines: Mapped[list[QuoteLine]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="QuoteLine.id")
    revisions: Mapped[list[QuoteRevision]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="QuoteRevision.number")
    messages: Mapped[list[QuoteMessage]] = relationship(
        back_populates="request", cascade="all, delete-orphan",
        order_by="(QuoteMessage.created_at, QuoteMessage.id)")
    events: Mapped[list[QuoteEvent]] = relationship(
        back_populates="request", cascade="all, delete-orphan",
        order_by="(QuoteEvent.created_at, QuoteEvent.id)")

    @property
    def current_quote(self) -> QuoteRevision | None:
        """The producer's latest priced answer."""
        quotes = [revision for revision in self.revisions if revision.is_quote]
        return quotes[-1] if quotes else None

    @property
    def latest_revision(self) -> QuoteRevision | None:
        return self.revisions[-1] if self.revisions else None


class QuoteLine(Base):
    """What was asked: a product and a quantity, with an optional target price."""

    __tablename__ = "quote_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("products.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(sa.String(200))
    sku: Mapped[str] = mapped_column(sa.String(40))
    quantity: Mapped[int]
    target_price_vnd: Mapped[int | None] = mapped_column(sa.BigInteger)

    request: Mapped[QuoteRequest] = relationship(back_populates="lines")
    product: Mapped[Product | None] = relationship()


class QuoteRevision(Base):
    """A priced proposal: the producer's quote, or the distributor's counter-offer.

    Revisions are never edited: each answer adds one, so the whole negotiation stays
    readable.
    """

    __tablename__ = "quote_revisions"
    __table_args__ = (sa.UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(10))  # "quote" or "counter"
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    valid_until: Mapped[dt.date | None]
    lead_time_days: Mapped[int | None]
    shipping_vnd: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    shipping_terms: Mapped[str] = mapped_column(sa.Text, default="")
    payment_terms: Mapped[PaymentTerms] = mapped_column(enum_column(PaymentTerms),
                                                        default=PaymentTerms.PREPAID)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    request: Mapped[QuoteRequest] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()
    lines: Mapped[list[QuoteRevisionLine]] = relationship(
        back_populates="revision", cascade="all, delete-orphan",
        order_by="QuoteRevisionLine.quote_line_id")

    @property
    def is_quote(self) -> bool:
        return self.kind == "quote"

    @property
    def goods_vnd(self) -> int:
        return sum(line.total_vnd for line in self.lines)

    @property
    def total_vnd(self) -> int:
        return self.goods_vnd + self.shipping_vnd


class QuoteRevisionLine(Base):
    __tablename__ = "quote_revision_lines"
    __table_args__ = (sa.UniqueConstraint("revision_id", "quote_line_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quote_revisions.id", ondelete="CASCADE"), index=True)
    quote_line_id: Mapped[int] = mapped_column(sa.ForeignKey("quote_lines.id",
                                                             ondelete="CASCADE"))
    quantity: Mapped[int]
    unit_price_vnd: Mapped[int] = mapped_column(sa.BigInteger)

    revision: Mapped[QuoteRevision] = relationship(back_populates="lines")
    quote_line: Mapped[QuoteLine] = relationship()

    @property
    def total_vnd(self) -> int:
        return self.quantity * self.unit_price_vnd


class QuoteMessage(Base):
    """The conversation beside the quote: questions, answers, remarks."""

    __tablename__ = "quote_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    request: Mapped[QuoteRequest] = relationship(back_populates="messages")
    author: Mapped[User | None] = relationship()


class QuoteEvent(Base):
    """Append-only history: who moved the request from which state to which, and when."""

    __tablename__ = "quote_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(sa.String(20), default="")
    to_state: Mapped[str] = mapped_column(sa.String(20))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(sa.String(20))  # distributor, producer or system
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    request: Mapped[QuoteRequest] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

"""Featured collections (ordered products, a banner, the dates they run) and trade fairs
and events (dates, place, participating producers), each with texts in both languages."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.catalog.models import Producer, Product, Translated
from storefront.db import Base, TimestampMixin


class Collection(Translated, TimestampMixin, Base):
    """"Tết gifts", "From Minh Hóa's mountains": shown while today is within its dates."""

    __tablename__ = "collections"
    __table_args__ = (
        sa.CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
                           name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    starts_on: Mapped[dt.date | None]  # None: from now on
    ends_on: Mapped[dt.date | None]  # None: until taken down
    on_home: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)  # order on the home page
    banner_path: Mapped[str | None] = mapped_column(sa.String(255))
    banner_thumb_path: Mapped[str | None] = mapped_column(sa.String(255))

    translations: Mapped[list[CollectionTranslation]] = relationship(
        back_populates="collection", cascade="all, delete-orphan")
    items: Mapped[list[CollectionItem]] = relationship(
        back_populates="collection", cascade="all, delete-orphan",
        order_by="CollectionItem.position")

    def runs_on(self, day: dt.date) -> bool:
        return ((self.starts_on is None or self.starts_on <= day)
                and (self.ends_on is None or day <= self.ends_on))


class CollectionTranslation(Base):
    __tablename__ = "collection_translations"
    __table_args__ = (sa.UniqueConstraint("collection_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(
        sa.ForeignKey("collections.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown

    collection: Mapped[Collection] = relationship(back_populates="translations")


class CollectionItem(Base):
    __tablename__ = "collection_items"
    __table_args__ = (sa.UniqueConstraint("collection_id", "product_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(
        sa.ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    collection: Mapped[Collection] = relationship(back_populates="items")
    product: Mapped[Product] = relationship()


trade_event_producers = sa.Table(
    "trade_event_producers", Base.metadata,
    sa.Column("event_id", sa.ForeignKey("trade_events.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("producer_id", sa.ForeignKey("producers.id", ondelete="CASCADE"),
              primary_key=True),
)


class TradeEvent(Translated, TimestampMixin, Base):
    """A trade fair or promotion event the office runs or joins."""

    __tablename__ = "trade_events"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(index=True)
    ends_on: Mapped[dt.date]
    website: Mapped[str] = mapped_column(sa.String(255), default="")
    published: Mapped[bool] = mapped_column(default=True)

    translations: Mapped[list[TradeEventTranslation]] = relationship(
        back_populates="event", cascade="all, delete-orphan")
    producers: Mapped[list[Producer]] = relationship(secondary=trade_event_producers,
                                                     order_by=Producer.slug)


class TradeEventTranslation(Base):
    __tablename__ = "trade_event_translations"
    __table_args__ = (sa.UniqueConstraint("event_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("trade_events.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(200))
    place: Mapped[str] = mapped_column(sa.String(255), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown

    event: Mapped[TradeEvent] = relationship(back_populates="translations")

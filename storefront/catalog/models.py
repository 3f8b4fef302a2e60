"""Catalogue models: districts, categories, producers, products, images and certificates.

Content that a reader sees (names, stories, label texts) lives in per-locale translation
rows; Vietnamese is the reference language and the fallback when a translation is missing.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from storefront.clock import utcnow
from storefront.db import Base, TimestampMixin, enum_column
from storefront.text import fold

FALLBACK_LOCALE = "vi"
CERTIFICATE_VALIDITY_MONTHS = 36


class ProducerKind(enum.StrEnum):
    COOPERATIVE = "cooperative"
    ENTERPRISE = "enterprise"
    COOPERATIVE_GROUP = "cooperative_group"
    HOUSEHOLD = "household"


class ProductStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class IssuingLevel(enum.StrEnum):
    DISTRICT = "district"
    PROVINCE = "province"
    NATIONAL = "national"


class Translated:
    """Picks the translation row for a locale, falling back to Vietnamese."""

    translations: list

    def text(self, locale: str):
        by_locale = {row.locale: row for row in self.translations}
        return by_locale.get(locale) or by_locale.get(FALLBACK_LOCALE)


class District(Base):
    """A former district-level unit of Quảng Bình (before the July 2025 reform).

    Product origins keep these names because certificates name them.
    """

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # city, town or district
    name: Mapped[str] = mapped_column(sa.String(80))
    position: Mapped[int] = mapped_column(default=0)


class Category(Translated, Base):
    """An OCOP product group (parent is None) or one of its subgroups."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    image_path: Mapped[str | None] = mapped_column(sa.String(255))

    parent: Mapped[Category | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Category]] = relationship(
        back_populates="parent", order_by="Category.position"
    )
    translations: Mapped[list[CategoryTranslation]] = relationship(
        back_populates="category", cascade="all, delete-orphan"
    )

    @property
    def group(self) -> Category:
        return self.parent or self


class CategoryTranslation(Base):
    __tablename__ = "category_translations"
    __table_args__ = (sa.UniqueConstraint("category_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")

    category: Mapped[Category] = relationship(back_populates="translations")


class Producer(Translated, TimestampMixin, Base):
    __tablename__ = "producers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[ProducerKind] = mapped_column(enum_column(ProducerKind))
    legal_name: Mapped[str] = mapped_column(sa.String(200))
    district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)
    commune: Mapped[str] = mapped_column(sa.String(120))
    province: Mapped[str] = mapped_column(sa.String(80), default="Quảng Bình")
    address: Mapped[str] = mapped_column(sa.String(255), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    email: Mapped[str] = mapped_column(sa.String(255), default="")
    website: Mapped[str] = mapped_column(sa.String(255), default="")
    # Where visitors find the workshop (community tourism); shown as a map link.
    latitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(sa.Numeric(9, 6))
    founded_year: Mapped[int | None]
    members: Mapped[int | None]
    banner_path: Mapped[str | None] = mapped_column(sa.String(255))
    banner_thumb_path: Mapped[str | None] = mapped_column(sa.String(255))
    verified_at: Mapped[dt.datetime | None]

    district: Mapped[District] = relationship()
    translations: Mapped[list[ProducerTranslation]] = relationship(
        back_populates="producer", cascade="all, delete-orphan"
    )
    products: Mapped[list[Product]] = relationship(back_populates="producer")


class ProducerTranslation(Base):
    __tablename__ = "producer_translations"
    __table_args__ = (sa.UniqueConstraint("producer_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(sa.ForeignKey("producers.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(200))
    tagline: Mapped[str] = mapped_column(sa.String(255), default="")
    story: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    visiting_hours: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    producer: Mapped[Producer] = relationship(back_populates="translations")


class Product(Translated, TimestampMixin, Base):
    __tablename__ = "products"
    __table_args__ = (
        sa.CheckConstraint("stock >= 0", name="stock_not_negative"),
        sa.CheckConstraint("price_vnd > 0", name="price_positive"),
        # Catalogue facets count published products grouped by one column each; these
        # covering indexes let the database count from the index without the table.
        sa.Index("ix_products_status_stars", "status", "stars", "stars_valid_until"),
        sa.Index("ix_products_status_published_at", "status", "published_at"),
        sa.Index("ix_products_status_category", "status", "category_id"),
        sa.Index("ix_products_status_district", "status", "origin_district_id"),
        sa.Index("ix_products_status_producer", "status", "producer_id"),
        sa.Index("ix_products_status_price", "status", "price_vnd"),
        sa.Index("ix_products_status_stock", "status", "stock"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    producer_id: Mapped[int] = mapped_column(sa.ForeignKey("producers.id"), index=True)
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("categories.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    sku: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[ProductStatus] = mapped_column(
        enum_column(ProductStatus), default=ProductStatus.DRAFT
    )
    price_vnd: Mapped[int] = mapped_column(sa.BigInteger)
    stock: Mapped[int] = mapped_column(default=0)
    low_stock_threshold: Mapped[int] = mapped_column(default=10, server_default="10")
    weight_g: Mapped[int] = mapped_column(default=0)
    unit: Mapped[str] = mapped_column(sa.String(20), default="piece")
    featured: Mapped[bool] = mapped_column(default=False)
    min_wholesale_qty: Mapped[int | None]
    wholesale_increment: Mapped[int] = mapped_column(default=1, server_default="1")

    # Label facts (Decree 43/2017/NĐ-CP); translated label texts live in ProductTranslation.
    shelf_life_days: Mapped[int | None]
    abv_percent: Mapped[Decimal | None] = mapped_column(sa.Numeric(4, 1))
    origin_commune: Mapped[str] = mapped_column(sa.String(120), default="")
    origin_district_id: Mapped[int] = mapped_column(sa.ForeignKey("districts.id"), index=True)

    # The current certificate's stars and last valid day, kept by
    # catalog.services.refresh_certification so that lists can filter by stars in SQL.
    # Whether the stars still show is decided at read time (see shows_stars), so a lapsed
    # certificate disappears on its own day without any scheduled job.
    stars: Mapped[int | None]
    stars_valid_until: Mapped[dt.date | None]
    published_at: Mapped[dt.datetime | None]

    producer: Mapped[Producer] = relationship(back_populates="products")
    category: Mapped[Category] = relationship()
    origin_district: Mapped[District] = relationship()
    translations: Mapped[list[ProductTranslation]] = relationship(
        back_populates="product", cascade="all, delete-orphan"
    )
    images: Mapped[list[ProductImage]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductImage.position"
    )
    certificates: Mapped[list[Certificate]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        order_by="Certificate.decision_date.desc()",
    )
    price_tiers: Mapped[list[PriceTier]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="PriceTier.min_qty"
    )

    def shows_stars(self, today: dt.date) -> bool:
        return (
            self.stars is not None
            and self.stars_valid_until is not None
            and today <= self.stars_valid_until
        )

    def current_stars(self, today: dt.date) -> int | None:
        return self.stars if self.shows_stars(today) else None

    @property
    def main_image(self) -> ProductImage | None:
        return self.images[0] if self.images else None

    @property
    def in_stock(self) -> bool:
        return self.stock > 0

    @property
    def is_service(self) -> bool:
        """Community-tourism offers are sold per person: their label texts mean other things."""
        return self.unit == "tour"


class PriceTier(Base):
    """A wholesale unit price from a quantity up, shown to verified distributors only."""

    __tablename__ = "price_tiers"
    __table_args__ = (
        sa.UniqueConstraint("product_id", "min_qty"),
        sa.CheckConstraint("min_qty > 0", name="min_qty_positive"),
        sa.CheckConstraint("unit_price_vnd > 0", name="price_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    min_qty: Mapped[int]
    unit_price_vnd: Mapped[int] = mapped_column(sa.BigInteger)

    product: Mapped[Product] = relationship(back_populates="price_tiers")


class ProductTranslation(Base):
    __tablename__ = "product_translations"
    __table_args__ = (sa.UniqueConstraint("product_id", "locale"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(sa.String(5))
    name: Mapped[str] = mapped_column(sa.String(200))
    # Diacritic-folded name: SQL collations sort "Đũa" after "Trà"; readers expect it by "d".
    sort_name: Mapped[str] = mapped_column(sa.String(200), default="", index=True)
    summary: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    story: Mapped[str] = mapped_column(sa.Text, default="")  # Markdown
    ingredients: Mapped[str] = mapped_column(sa.Text, default="")
    usage: Mapped[str] = mapped_column(sa.Text, default="")
    storage: Mapped[str] = mapped_column(sa.Text, default="")
    warnings: Mapped[str] = mapped_column(sa.Text, default="")
    net_quantity: Mapped[str] = mapped_column(sa.String(60), default="")  # "10 đôi" / "10 pairs"
    # Set on a translation when the Vietnamese texts changed after it was written, until
    # someone edits it or confirms it (catalog.editing keeps it).
    outdated: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    product: Mapped[Product] = relationship(back_populates="translations")

    @validates("name")
    def _keep_sort_name(self, key: str, value: str) -> str:
        self.sort_name = fold(value)
        return value


class ProductImage(Base):
    """An image in the media store; ``path`` and ``thumb_path`` are relative to MEDIA_ROOT."""

    __tablename__ = "product_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    path: Mapped[str] = mapped_column(sa.String(255))
    thumb_path: Mapped[str] = mapped_column(sa.String(255))
    width: Mapped[int] = mapped_column(default=0)
    height: Mapped[int] = mapped_column(default=0)
    alt_vi: Mapped[str] = mapped_column(sa.String(255), default="")
    alt_en: Mapped[str] = mapped_column(sa.String(255), default="")

    product: Mapped[Product] = relationship(back_populates="images")

    def alt(self, locale: str) -> str:
        return (self.alt_en if locale == "en" else "") or self.alt_vi


class Certificate(TimestampMixin, Base):
    """An OCOP certificate: a star rating decided for a product, valid for 36 months."""

    __tablename__ = "certificates"
    __table_args__ = (
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name="stars_range"),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        sa.UniqueConstraint("product_id", "decision_number", "decision_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    stars: Mapped[int]
    score: Mapped[int]
    decision_number: Mapped[str] = mapped_column(sa.String(60))
    decision_date: Mapped[dt.date]
    issuing_level: Mapped[IssuingLevel] = mapped_column(enum_column(IssuingLevel))
    issuing_body: Mapped[str] = mapped_column(sa.String(200))
    valid_until: Mapped[dt.date]
    revoked_at: Mapped[dt.datetime | None]
    revoked_reason: Mapped[str] = mapped_column(sa.Text, default="")
    scan_path: Mapped[str | None] = mapped_column(sa.String(255))  # under MEDIA_ROOT

    product: Mapped[Product] = relationship(back_populates="certificates")

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_valid_on(self, day: dt.date) -> bool:
        return not self.is_revoked and self.decision_date <= day <= self.valid_until


class ReviewKind(enum.StrEnum):
    NEW_LISTING = "new_listing"  # a draft sent to be published
    CHANGE = "change"  # a new name or category for a published product


class ReviewState(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    WITHDRAWN = "withdrawn"


class ListingReview(Base):
    """The office's review of a new listing or of a published product's name/category.

    A CHANGE carries the proposed values: the shop keeps showing the approved ones until
    the office agrees. Decided rows are kept as the record of each decision.
    """

    __tablename__ = "listing_reviews"
    __table_args__ = (
        # One open review per product: a second proposal replaces the first.
        sa.Index("uq_listing_reviews_open", "product_id", unique=True,
                 sqlite_where=sa.text("state = 'pending'"),
                 postgresql_where=sa.text("state = 'pending'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[ReviewKind] = mapped_column(enum_column(ReviewKind))
    state: Mapped[ReviewState] = mapped_column(enum_column(ReviewState),
                                               default=ReviewState.PENDING)
    proposed_category_id: Mapped[int | None] = mapped_column(sa.ForeignKey("categories.id"))
    proposed_name_vi: Mapped[str] = mapped_column(sa.String(200), default="")
    proposed_name_en: Mapped[str] = mapped_column(sa.String(200), default="")
    comment: Mapped[str] = mapped_column(sa.Text, default="")  # the office's, for the producer
    submitted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None]

    product: Mapped[Product] = relationship()
    proposed_category: Mapped[Category | None] = relationship()


class StockReason(enum.StrEnum):
    PRODUCTION = "production"  # a new batch came in
    DAMAGE = "damage"  # broken, spoiled, expired
    CORRECTION = "correction"  # a count that differed


class StockMovement(Base):
    """A producer's stock adjustment (sales and returns are in the orders' history)."""

    __tablename__ = "stock_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    change: Mapped[int]
    stock_after: Mapped[int]
    reason: Mapped[StockReason] = mapped_column(enum_column(StockReason))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

"""A production batch (lot) of a product, found by the unguessable code in its QR label."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.catalog.models import Product
from storefront.db import Base, TimestampMixin


class Standard(enum.StrEnum):
    VIETGAP = "vietgap"
    HACCP = "haccp"
    ISO_22000 = "iso_22000"
    ORGANIC = "organic"


def new_trace_code() -> str:
    # 12 random bytes: 16 URL-safe characters, not guessable from another batch's code.
    return secrets.token_urlsafe(12)


class Batch(TimestampMixin, Base):
    __tablename__ = "batches"
    __table_args__ = (sa.UniqueConstraint("product_id", "lot_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"),
                                            index=True)
    lot_code: Mapped[str] = mapped_column(sa.String(40))
    production_date: Mapped[dt.date]
    expiry_date: Mapped[dt.date | None]
    quantity: Mapped[int]
    ingredients_origin: Mapped[str] = mapped_column(sa.Text, default="")
    standards: Mapped[str] = mapped_column(sa.String(120), default="")  # codes, comma-separated
    test_report_ref: Mapped[str] = mapped_column(sa.String(120), default="")
    report_path: Mapped[str | None] = mapped_column(sa.String(255))  # under MEDIA_ROOT
    trace_code: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_trace_code)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    product: Mapped[Product] = relationship()

    @property
    def standard_list(self) -> list[Standard]:
        return [Standard(code) for code in self.standards.split(",") if code]

"""Carts and their lines. Carts live in the database, so any worker serves any request."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.accounts.models import User
from storefront.catalog.models import Product
from storefront.db import Base, TimestampMixin


def new_cart_token() -> str:
    return secrets.token_urlsafe(24)


class Cart(TimestampMixin, Base):
    """A guest's cart (found by the token in their cookie) or a signed-in buyer's."""

    __tablename__ = "carts"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_cart_token)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )

    user: Mapped[User | None] = relationship()
    lines: Mapped[list[CartLine]] = relationship(
        back_populates="cart", cascade="all, delete-orphan", order_by="CartLine.id"
    )

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)


class CartLine(Base):
    """A product and quantity; ``seen_price_vnd`` is the price when it was added, so a
    later change can be shown instead of silently charged."""

    __tablename__ = "cart_lines"
    __table_args__ = (
        sa.UniqueConstraint("cart_id", "product_id"),
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cart_id: Mapped[int] = mapped_column(sa.ForeignKey("carts.id", ondelete="CASCADE"),
                                         index=True)
    product_id: Mapped[int] = mapped_column(sa.ForeignKey("products.id", ondelete="CASCADE"))
    quantity: Mapped[int]
    seen_price_vnd: Mapped[int] = mapped_column(sa.BigInteger)

    cart: Mapped[Cart] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()

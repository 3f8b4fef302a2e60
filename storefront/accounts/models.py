"""Users, distributor profiles and saved addresses."""

from __future__ import annotations

import datetime as dt
import enum
import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storefront.catalog.models import Producer
from storefront.db import Base, TimestampMixin, enum_column


class Role(enum.StrEnum):
    CUSTOMER = "customer"
    DISTRIBUTOR = "distributor"
    PRODUCER_STAFF = "producer_staff"
    ADMIN = "admin"


class DistributorStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, Base):
    """Anyone with an account. Producer staff belong to exactly one producer."""

    __tablename__ = "users"
    __table_args__ = (
        sa.CheckConstraint("role != 'producer_staff' OR producer_id IS NOT NULL",
                           name="staff_have_a_producer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(255), unique=True)  # stored lowercased
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))  # None until invited set it
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    phone: Mapped[str] = mapped_column(sa.String(20), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.CUSTOMER, index=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="vi")
    producer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("producers.id"), index=True)
    email_verified_at: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]
    active: Mapped[bool] = mapped_column(default=True)
    # What the session cookie carries instead of the id: rotating it (password change)
    # signs the account out of every browser at once.
    session_token: Mapped[str] = mapped_column(sa.String(64), unique=True,
                                               default=new_session_token)

    producer: Mapped[Producer | None] = relationship()
    distributor: Mapped[DistributorProfile | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan",
        foreign_keys="DistributorProfile.user_id",
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="user", cascade="all, delete-orphan",
        order_by="(Address.is_default.desc(), Address.id)",
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def is_verified_distributor(self) -> bool:
        return (self.role == Role.DISTRIBUTOR and self.distributor is not None
                and self.distributor.status == DistributorStatus.VERIFIED)


class DistributorProfile(TimestampMixin, Base):
    """A business buying wholesale; the OCOP office verifies it before it sees tiers."""

    __tablename__ = "distributor_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         unique=True)
    company_name: Mapped[str] = mapped_column(sa.String(200))
    tax_code: Mapped[str] = mapped_column(sa.String(14), index=True)  # MST, e.g. 3100123456-001
    business_address: Mapped[str] = mapped_column(sa.String(300))
    phone: Mapped[str] = mapped_column(sa.String(20))
    contact_person: Mapped[str] = mapped_column(sa.String(120))
    status: Mapped[DistributorStatus] = mapped_column(
        enum_column(DistributorStatus), default=DistributorStatus.PENDING, index=True
    )
    decided_at: Mapped[dt.datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decision_note: Mapped[str] = mapped_column(sa.Text, default="")
    # The office lets some distributors pay on account (net 7/15/30) instead of prepaying.
    terms_approved: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    user: Mapped[User] = relationship(back_populates="distributor", foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Address(Base):
    """A saved delivery address: street, commune or ward, province (two-level, 2025)."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    recipient_name: Mapped[str] = mapped_column(sa.String(120))
    phone: Mapped[str] = mapped_column(sa.String(20))
    street: Mapped[str] = mapped_column(sa.String(200))
    commune: Mapped[str] = mapped_column(sa.String(120))
    province_code: Mapped[str] = mapped_column(sa.String(40))
    is_default: Mapped[bool] = mapped_column(default=False)

    user: Mapped[User] = relationship(back_populates="addresses")

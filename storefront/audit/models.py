"""One row per changed object per flush: who, when, what object, and the changed fields
before and after. Rows are never updated or deleted (database triggers refuse it)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storefront.clock import utcnow
from storefront.db import Base


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_object", "object_type", "object_id"),
        sa.Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # No foreign key: the row must outlive the account, and must never be rewritten.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    actor_email: Mapped[str] = mapped_column(sa.String(255), default="")
    actor_role: Mapped[str] = mapped_column(sa.String(20), default="")
    action: Mapped[str] = mapped_column(sa.String(20))  # create, update, delete or a verb
    object_type: Mapped[str] = mapped_column(sa.String(60))  # the table's name
    object_id: Mapped[str] = mapped_column(sa.String(40))
    summary: Mapped[str] = mapped_column(sa.String(255), default="")
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # field → [before, after]
    path: Mapped[str] = mapped_column(sa.String(255), default="")

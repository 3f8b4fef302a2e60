"""The mail outbox."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storefront.clock import utcnow
from storefront.db import Base


class OutboxEmail(Base):
    """A rendered e-mail waiting to be sent (or sent, kept for the office to read)."""

    __tablename__ = "outbox_emails"
    __table_args__ = (sa.Index("ix_outbox_emails_unsent", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)  # the template's name
    to_address: Mapped[str] = mapped_column(sa.String(255), index=True)
    to_name: Mapped[str] = mapped_column(sa.String(120), default="")
    locale: Mapped[str] = mapped_column(sa.String(5))
    subject: Mapped[str] = mapped_column(sa.String(255))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")

    @property
    def status(self) -> str:
        if self.sent_at:
            return "sent"
        return "failing" if self.attempts else "waiting"

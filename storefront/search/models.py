"""The search outbox: one row per change to something the search index holds."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from storefront.clock import utcnow
from storefront.db import Base

INDEXED_KINDS = ("product", "producer", "category")
# not in the index; recorded so the page cache sees them change (storefront.page_cache)
PAGE_ONLY_KINDS = ("collection", "event")
ENTITY_KINDS = INDEXED_KINDS + PAGE_ONLY_KINDS


class SearchOutbox(Base):
    """Written in the transaction of the change; read by every host's index.

    Rows are never updated. Each index remembers the highest id it applied (and ids it saw
    missing below it, in case a transaction with a lower id commits later).
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                                    primary_key=True)
    entity: Mapped[str] = mapped_column(sa.String(20))
    entity_id: Mapped[int]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

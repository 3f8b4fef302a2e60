"""Record every change the index must learn about, in the transaction that makes it.

A session listener looks at what each flush wrote, so no service has to remember to tell
the search: whatever changes a product, its texts, its certificate, a producer or a
category leaves a ``search_outbox`` row behind, or nothing is committed at all.
Collections and events are not searched, but they are recorded too: the highest outbox id
is also what tells the page cache (storefront.page_cache) that a shared page changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event, orm

from storefront.catalog import signals
from storefront.catalog.models import (
    Category,
    CategoryTranslation,
    Certificate,
    Producer,
    ProducerTranslation,
    Product,
    ProductTranslation,
)
from storefront.clock import utcnow
from storefront.extensions import db
from storefront.promotion.models import (
    Collection,
    CollectionItem,
    CollectionTranslation,
    TradeEvent,
    TradeEventTranslation,
)
from storefront.search.models import SearchOutbox

REBUILD_ENTITY = "all"

# model → (entity kind, function giving the entity id from an instance)
WATCHED = {
    Product: ("product", lambda row: row.id),
    ProductTranslation: ("product", lambda row: row.product_id),
    Certificate: ("product", lambda row: row.product_id),
    Producer: ("producer", lambda row: row.id),
    ProducerTranslation: ("producer", lambda row: row.producer_id),
    Category: ("category", lambda row: row.id),
    CategoryTranslation: ("category", lambda row: row.category_id),
    Collection: ("collection", lambda row: row.id),
    CollectionTranslation: ("collection", lambda row: row.collection_id),
    CollectionItem: ("collection", lambda row: row.collection_id),
    TradeEvent: ("event", lambda row: row.id),
    TradeEventTranslation: ("event", lambda row: row.event_id),
}


def position() -> int:
    """The newest outbox row's id (0 when empty): where the change history stands now."""
    return db.session.scalar(sa.select(sa.func.max(SearchOutbox.id))) or 0


RECENT_ROWS = 1000


def change_mark() -> str:
    """A value that moves whenever a change commits: the newest id, and how many of the
    last RECENT_ROWS ids are visible. The count matters because ids are handed out when a
    transaction writes, not when it commits: one that took id 101 and commits after 102
    leaves the newest id alone but adds to the count."""
    newest = sa.select(sa.func.max(SearchOutbox.id)).scalar_subquery()
    top, recent = db.session.execute(
        sa.select(sa.func.max(SearchOutbox.id), sa.func.count())
        .where(SearchOutbox.id > newest - RECENT_ROWS)).one()
    return f"{top or 0}.{recent}"


def _changed_entities(session: orm.Session) -> set[tuple[str, int]]:
    changed = set()
    dirty = (row for row in session.dirty if session.is_modified(row))
    for row in (*session.new, *dirty, *session.deleted):
        watched = WATCHED.get(type(row))
        if watched is None:
            continue
        kind, entity_id = watched[0], watched[1](row)
        if entity_id is not None:
            changed.add((kind, entity_id))
    return changed


def _record_flush(session: orm.Session, flush_context) -> None:
    changed = _changed_entities(session)
    if changed:
        now = utcnow()
        session.connection().execute(
            sa.insert(SearchOutbox.__table__),
            [{"entity": kind, "entity_id": entity_id, "created_at": now}
             for kind, entity_id in sorted(changed)],
        )


def _record_bulk_load(sender, session: orm.Session, **extra) -> None:
    """Bulk inserts bypass the ORM: ask every index for a full rebuild instead."""
    session.connection().execute(
        sa.insert(SearchOutbox.__table__),
        [{"entity": REBUILD_ENTITY, "entity_id": 0, "created_at": utcnow()}],
    )


def _record_stock_change(sender, session: orm.Session, product_ids: list[int], **extra):
    """Stock moves by conditional UPDATEs, which the ORM's events do not see."""
    now = utcnow()
    session.connection().execute(
        sa.insert(SearchOutbox.__table__),
        [{"entity": "product", "entity_id": product_id, "created_at": now}
         for product_id in product_ids],
    )


def start_recording() -> None:
    """Listen once per process (create_app may run several times in tests)."""
    if not event.contains(orm.Session, "after_flush", _record_flush):
        event.listen(orm.Session, "after_flush", _record_flush)
    signals.catalogue_bulk_loaded.connect(_record_bulk_load)
    signals.stock_changed.connect(_record_stock_change)

"""Keep this host's index in step with the database, before every search.

The index remembers the highest outbox id it applied. Ids below it that were missing when
it moved past them (a transaction that took its id earlier but committed later, or rolled
back) are kept as *gaps* and looked for again on every sync until they appear or
``GAP_PATIENCE_SECONDS`` pass. So a change committed in any process, on any host, is in
the index before the next search, and none is skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from storefront.extensions import db
from storefront.search import documents, outbox
from storefront.search.index import IndexState, IndexUnavailableError, SearchIndex
from storefront.search.models import SearchOutbox
from storefront.search.outbox import REBUILD_ENTITY

CHUNK = 1000
MAX_CHUNKS_PER_SYNC = 5  # a backlog beyond this is left for the next search
GAP_PATIENCE_SECONDS = 600


@dataclass
class SyncReport:
    applied: int = 0
    upserted: int = 0
    deleted: int = 0
    rebuilt: bool = False


def search_index() -> SearchIndex:
    """This app's index (one per app, so two apps in a process behave like two hosts)."""
    extensions = current_app.extensions
    if "search_index" not in extensions:
        extensions["search_index"] = SearchIndex(current_app.config["SEARCH_INDEX_DIR"])
    return extensions["search_index"]


def _pending(state: IndexState) -> list[tuple[int, str, int]]:
    condition = SearchOutbox.id > state.applied_id
    if state.gaps:
        condition = sa.or_(condition, SearchOutbox.id.in_(list(state.gaps)))
    return db.session.execute(
        sa.select(SearchOutbox.id, SearchOutbox.entity, SearchOutbox.entity_id)
        .where(condition).order_by(SearchOutbox.id).limit(CHUNK)
    ).all()


def _next_state(state: IndexState, rows) -> IndexState:
    seen = {row_id for row_id, _entity, _entity_id in rows}
    now = time.time()
    gaps = {gap: since for gap, since in state.gaps.items()
            if gap not in seen and now - since < GAP_PATIENCE_SECONDS}
    highest = max(seen | {state.applied_id})
    for missing in range(state.applied_id + 1, highest):
        if missing not in seen:
            gaps.setdefault(missing, now)
    return IndexState(highest, gaps)


def _changes(rows) -> tuple[list[dict], list[str]]:
    """Documents to write and document ids to delete for a batch of outbox rows."""
    wanted: dict[str, set[int]] = {"product": set(), "producer": set(), "category": set()}
    for _row_id, entity, entity_id in rows:
        if entity not in wanted:
            continue  # collections and events: recorded for the page cache only
        wanted[entity].add(entity_id)
        if entity in ("producer", "category"):
            # product documents repeat producer and category names
            wanted["product"].update(documents.products_of(entity, entity_id))
    builders = {"product": documents.product_documents, "producer": documents.producer_documents,
                "category": documents.category_documents}
    upserts, deletions = [], []
    for entity, ids in wanted.items():
        if not ids:
            continue
        found = builders[entity](sorted(ids))
        upserts.extend(found.values())
        deletions.extend(f"{entity}:{i}" for i in ids if i not in found)
    return upserts, deletions


def rebuild(index: SearchIndex, advance: Callable[[int], None] = lambda _: None,
            processes: int = 1) -> int:
    """Rebuild from the database; returns how many documents were written.

    The outbox position is read first, so changes made during the rebuild are applied by
    the next sync rather than lost.
    """
    with index.rebuild_lock():
        position = outbox.position()
        return index.rebuild(documents.all_documents(), IndexState(position), advance,
                             processes)


def ensure_index(index: SearchIndex) -> bool:
    """Open the index, rebuilding it first if it is missing or corrupt. True if rebuilt."""
    if index.is_usable():
        return False
    with index.rebuild_lock():
        if index.is_usable():  # another process rebuilt it while we waited
            return False
        current_app.logger.warning("Search index missing or unreadable: rebuilding it")
        position = outbox.position()
        index.rebuild(documents.all_documents(), IndexState(position))
    return True


def synchronise(index: SearchIndex | None = None) -> SyncReport:
    """Apply outbox rows past the index's position (a bounded number per call)."""
    index = index or search_index()
    report = SyncReport(rebuilt=ensure_index(index))
    for _ in range(MAX_CHUNKS_PER_SYNC):
        try:
            state = index.state()
        except IndexUnavailableError:
            report.rebuilt = ensure_index(index) or report.rebuilt
            state = index.state()
        rows = _pending(state)
        if not rows:
            break
        if any(entity == REBUILD_ENTITY for _id, entity, _entity_id in rows):
            rebuild(index)
            report.rebuilt = True
            continue
        upserts, deletions = _changes(rows)
        index.apply(upserts, deletions, _next_state(state, rows))
        report.applied += len(rows)
        report.upserted += len(upserts)
        report.deleted += len(deletions)
    return report


@dataclass
class IndexStatus:
    directory: str
    documents: int
    products: int
    applied_id: int
    latest_id: int
    gaps: int
    lag: int  # outbox rows this index has not applied yet


def status(index: SearchIndex | None = None) -> IndexStatus:
    index = index or search_index()
    latest = outbox.position()
    with index.reading() as view:
        state = view.state()
        lag = db.session.scalar(sa.select(sa.func.count(SearchOutbox.id))
                                .where(SearchOutbox.id > state.applied_id)) or 0
        return IndexStatus(str(index.directory), view.document_count(), view.product_count(),
                           state.applied_id, latest, len(state.gaps), lag)

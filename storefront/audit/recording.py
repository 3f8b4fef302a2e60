"""Recording changes as they are flushed, so no service has to remember to.

A session listener looks at every object a flush creates, changes or deletes and writes
one audit row per object, in the same transaction: the change and its record commit
together or not at all. Only changes made in a request by someone the actor function
names (the office and producer staff; accounts decides) are recorded: a buyer's cart is
not the office's business. Changes made with bare UPDATE statements (stock taken at
checkout, claims of a decision) do not pass through the ORM; the services behind them
call ``record`` themselves.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy import event, inspect, orm

from storefront.audit.models import AuditLog
from storefront.clock import utcnow


@dataclass(frozen=True)
class Actor:
    id: int
    email: str
    role: str


# Tables whose rows are bookkeeping, not decisions: their changes follow from others.
IGNORED_TABLES = frozenset({
    "audit_log", "search_outbox", "search_index_state", "outbox_emails", "carts",
    "cart_lines", "webhook_events", "alembic_version",
})
SECRET_MARKERS = ("password", "token", "secret", "idempotency")
HIDDEN = "•••"

_actor: Callable[[], Actor | None] = lambda: None  # noqa: E731 - replaced at start-up


def start_recording(actor: Callable[[], Actor | None]) -> None:
    """Listen once per process; ``actor`` names who acts in the current request, if anyone
    whose changes are audited."""
    global _actor
    _actor = actor
    if not event.contains(orm.Session, "after_flush", _record_flush):
        event.listen(orm.Session, "after_flush", _record_flush)


def record(session: orm.Session, action: str, object_type: str, object_id, summary: str = "",
           changes: dict | None = None) -> None:
    """An entry for a change the ORM did not see (a conditional UPDATE), if someone acts."""
    actor = _current_actor()
    if actor is not None:
        _insert(session, actor, [_row(action, object_type, object_id, summary, changes or {})])


def _current_actor() -> Actor | None:
    return _actor() if has_request_context() else None


def _record_flush(session: orm.Session, flush_context) -> None:
    actor = _current_actor()
    if actor is None:
        return
    rows = [row for row in (
        *(_entry(obj, "create") for obj in session.new),
        *(_entry(obj, "update") for obj in session.dirty if session.is_modified(obj)),
        *(_entry(obj, "delete") for obj in session.deleted),
    ) if row is not None]
    if rows:
        _insert(session, actor, rows)


def _entry(obj, action: str) -> dict | None:
    table = getattr(obj, "__tablename__", None)
    if table is None or table in IGNORED_TABLES:
        return None
    state = inspect(obj)
    changes = {}
    for attribute in state.mapper.column_attrs:
        history = state.attrs[attribute.key].history
        if action == "update" and not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = (history.added[0] if history.added
                 else (history.unchanged[0] if history.unchanged else None))
        if action == "delete":
            before, after = after if before is None else before, None
        if action == "create" and after is None:
            continue
        changes[attribute.key] = _pair(attribute.key, before, after)
    if action == "update" and not changes:
        return None
    identity = state.identity or (getattr(obj, "id", None),)
    return _row(action, table, ",".join(str(part) for part in identity), _summary(obj), changes)


def _pair(name: str, before, after) -> list:
    if any(marker in name for marker in SECRET_MARKERS):
        return [HIDDEN if before is not None else None, HIDDEN if after is not None else None]
    return [_plain(before), _plain(after)]


def _plain(value):
    """A JSON-safe form of a column value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date | decimal.Decimal):
        return str(value)
    return str(value)[:500]


def _summary(obj) -> str:
    for name in ("number", "slug", "email", "lot_code", "decision_number", "name"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value[:255]
    return ""


def _row(action: str, object_type: str, object_id, summary: str, changes: dict) -> dict:
    return {"action": action, "object_type": object_type, "object_id": str(object_id)[:40],
            "summary": summary[:255], "changes": changes}


def _insert(session: orm.Session, actor: Actor, rows: list[dict]) -> None:
    now, path = utcnow(), request.path[:255] if has_request_context() else ""
    session.connection().execute(sa.insert(AuditLog.__table__), [
        {**row, "at": now, "actor_id": actor.id, "actor_email": actor.email,
         "actor_role": actor.role, "path": path} for row in rows])

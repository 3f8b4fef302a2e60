"""Declarative base, naming convention, column types and mixins shared by every domain."""

from __future__ import annotations

import datetime as dt
import time
from contextvars import ContextVar

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry

from storefront.clock import utcnow

# Named constraints make Alembic migrations reproducible on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(sa.TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no timezone type and hands back naive values; this stores UTC and always
    returns aware datetimes so that comparisons never mix naive and aware values.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use storefront.clock.utcnow()")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={dt.datetime: UTCDateTime},
    )


def configure_sqlite(engine: sa.Engine) -> None:
    """Make SQLite behave like the production database where it matters.

    pysqlite opens transactions lazily and ignores SAVEPOINT semantics (so a "nested"
    commit could really commit); we emit BEGIN ourselves instead. Foreign keys are off in
    SQLite unless asked for, and WAL lets readers in other processes work during a write.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None  # we issue BEGIN below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _begin_immediate.get() else "BEGIN")


# Set while retry_when_busy repeats a unit of work: SQLite then takes the write lock when
# the transaction begins, waiting its turn (busy_timeout) instead of failing again.
_begin_immediate: ContextVar[bool] = ContextVar("begin_immediate", default=False)
SQLITE_BUSY_RETRIES = 8


def retry_when_busy(work, rollback, attempts: int = SQLITE_BUSY_RETRIES):
    """Run ``work()``; when SQLite reports a busy or locked database, roll back and retry.

    SQLite lets one writer at a time, and a transaction that read before another
    connection wrote cannot then write ("busy snapshot"): the whole unit of work is
    repeated from the start, as a writer from its first statement, so that under heavy
    contention it queues for the lock rather than losing the race again. PostgreSQL never
    raises these.
    """
    immediate = _begin_immediate.get()
    try:
        for attempt in range(attempts):
            try:
                return work()
            except sa.exc.OperationalError as error:
                message = str(error.orig).lower()
                if "locked" not in message and "busy" not in message or attempt == attempts - 1:
                    raise
                rollback()
                _begin_immediate.set(True)
                time.sleep(0.01 * 2 ** attempt)
        raise AssertionError("unreachable")
    finally:
        _begin_immediate.set(immediate)


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def queue_sqlite_writers(app) -> None:
    """On SQLite, a request that may write takes the write lock when it begins.

    In WAL mode a transaction that has read cannot start writing once another connection
    has written since ("database is locked" at once, whatever busy_timeout says). With
    threads serving requests, two visitors adding to their carts at the same moment hit
    that. A POST begins with BEGIN IMMEDIATE instead, so it waits its turn (busy_timeout)
    and never loses the race; pages (GET) keep reading side by side. PostgreSQL needs none
    of this.
    """
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from flask import request

        @app.before_request
        def _writers_queue():
            # set on every request: threads are reused, and the value would stay behind
            _begin_immediate.set(request.method in UNSAFE_METHODS)


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def enum_column(enum_class: type, length: int = 20) -> sa.Enum:
    """A portable enum: VARCHAR + CHECK constraint storing the enum's values."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def free_slug(session, slug_column, base: str) -> str:
    """``base``, or ``base-2``, ``base-3``… when another row already has it."""
    taken = set(session.scalars(sa.select(slug_column).where(
        sa.or_(slug_column == base, slug_column.like(f"{base}-%")))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)

"""Shared fixtures: one migrated and seeded database per backend, a transaction per test.

Integration tests run on SQLite always and on PostgreSQL too when
STOREFRONT_TEST_DATABASE_URL is set (CI sets it). Each test runs inside a transaction that
is rolled back afterwards, so tests see the sample catalogue and never each other's changes.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import orm

from storefront import create_app
from storefront.catalog.seed import load_catalogue
from storefront.catalog.seed_files import read_seed
from storefront.extensions import db, limiter
from storefront.search.sync import rebuild, search_index

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEED_ROOT = PROJECT_ROOT / "catalog_seed"
POSTGRES_URL = os.environ.get("STOREFRONT_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def app_config(instance: Path, database_url: str, media_root: Path) -> dict:
    return {
        "TESTING": True,
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MEDIA_ROOT": str(media_root),
        "SEARCH_INDEX_DIR": str(instance / "search-index"),
        "SECRET_KEY": "test-secret-key",
        "SESSION_COOKIE_SECURE": False,
        "SERVER_NAME": None,
        # Integration tests roll their transaction back, and SQLite then hands the same
        # outbox ids out again: a kept page could outlive its data. test_page_cache.py
        # turns the store on for its own tests; the browser tests run with it on.
        "PAGE_CACHE_SECONDS": 0,
        "PAGE_CACHE_GENERATION_SECONDS": 0,  # a change shows at once, as tests expect
    }


def reset_postgresql(url: str) -> None:
    """Start from an empty schema: migrations must build everything themselves."""
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def migrate_and_seed(app: Flask) -> None:
    """Migrate from empty, load the sample catalogue and build the search index."""
    with app.app_context():
        upgrade()
        load_catalogue(read_seed(SEED_ROOT), SEED_ROOT / "images")
        db.session.commit()
        rebuild(search_index())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory) -> Iterator[str]:
    """A fake Stripe API (localstripe) on 127.0.0.1, for the whole session; its base URL."""
    port = free_port()
    log = tmp_path_factory.mktemp("localstripe") / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.localstripe_server", str(port)],
            cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"localstripe did not start:\n{log.read_text()}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def media_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session", params=BACKENDS)
def backend_app(request, tmp_path_factory, media_root) -> Iterator[Flask]:
    """An app whose database was migrated from empty and loaded with the sample catalogue."""
    instance = tmp_path_factory.mktemp(f"instance-{request.param}")
    if request.param == "postgresql":
        reset_postgresql(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{instance / 'test.sqlite3'}"
    app = create_app(app_config(instance, url, media_root))
    migrate_and_seed(app)
    yield app
    with app.app_context():
        db.engine.dispose()


class TestSession(orm.scoped_session):
    """The test's session outlives each request: Flask-SQLAlchemy removes the session when
    a request's app context ends, which would detach every object the test holds."""

    def remove(self) -> None:
        pass

    def close_for_good(self) -> None:
        super().remove()


@contextmanager
def private_search_index(app: Flask, directory: Path) -> Iterator[None]:
    """A copy of the seeded index for one test: its changes vanish with its transaction."""
    baseline = app.config["SEARCH_INDEX_DIR"]
    shutil.copytree(baseline, directory, symlinks=True)
    app.config["SEARCH_INDEX_DIR"] = str(directory)
    app.extensions.pop("search_index", None)
    try:
        yield
    finally:
        app.config["SEARCH_INDEX_DIR"] = baseline
        app.extensions.pop("search_index", None)


@pytest.fixture
def app(backend_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The app with a database session inside a transaction rolled back after the test.

    Services and views may commit: with join_transaction_mode="create_savepoint" a commit
    only releases a savepoint of the outer transaction. The search index is a private copy.
    """
    with backend_app.app_context(), private_search_index(backend_app, tmp_path / "index"):
        limiter.reset()  # counters are per test, like the data
        connection = db.engine.connect()
        outer = connection.begin()
        original_session = db.session
        db.session = TestSession(
            orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
        )
        try:
            yield backend_app
        finally:
            db.session.close_for_good()
            db.session = original_session
            outer.rollback()
            connection.close()


class IsolatedClient(FlaskClient):
    """Gives each request its own app context, as a real server does.

    Tests hold an app context open (for the database session); without this, requests
    would share its ``g`` and with it the previous request's language.
    """

    def open(self, *args, **kwargs):
        # What the test set up is committed before the browser asks, as in real life: a
        # view that rolls back its own failed work must not undo the test's data with it.
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app: Flask):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


class QueryCounter:
    """Counts SQL statements sent on a connection (to prove pages avoid N+1 queries)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask):
    """Use as ``with count_queries() as counter: ...``; counter.count is the total."""

    @contextmanager
    def counting():
        counter = QueryCounter()
        engine = db.session.get_bind()
        sa.event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", counter)

    return counting

"""Several app instances (and a second OS process) over one committed SQLite database.

These tests commit for real, so they use their own database file instead of the shared,
transaction-wrapped one of the other integration tests.
"""

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from storefront import create_app
from storefront.catalog.seed import load_catalogue
from storefront.catalog.seed_files import read_seed
from storefront.extensions import db
from tests.conftest import POSTGRES_URL, SEED_ROOT, app_config, reset_postgresql


@pytest.fixture(autouse=True)
def _in_app():
    """Overrides the integration suite's per-test transaction: nothing to wrap here."""
    yield


def make_app(root: Path, database_url: str, index_dir: Path, media_root: Path) -> Flask:
    config = app_config(root, database_url, media_root)
    config["SEARCH_INDEX_DIR"] = str(index_dir)
    return create_app(config)


@pytest.fixture
def store(tmp_path, media_root):
    """A migrated database with the sample catalogue; returns a factory of app instances."""
    database_url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"

    def instance(name: str, index_dir: str = "index-shared") -> Flask:
        return make_app(tmp_path / name, database_url, tmp_path / index_dir, media_root)

    first = instance("setup")
    with first.app_context():
        upgrade()
        load_catalogue(read_seed(SEED_ROOT), SEED_ROOT / "images")
        db.session.commit()
    instance.database_url = database_url
    instance.root = tmp_path
    return instance


def own_postgresql_database(url: str, name: str) -> str:
    """A fresh database next to the test one, so that real commits disturb nobody."""
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    own = sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
    reset_postgresql(own)
    return own


def committed_database(backend: str, name: str, directory: Path) -> str:
    """The URL of an empty database of its own for ``backend`` ("sqlite" or "postgresql");
    skips the test when PostgreSQL is not configured."""
    if backend == "postgresql":
        if not POSTGRES_URL:
            pytest.skip("STOREFRONT_TEST_DATABASE_URL is not set")
        return own_postgresql_database(POSTGRES_URL, name)
    return f"sqlite:///{directory / (name + '.sqlite3')}"


def seeded_app(url: str, root: Path, media_root: Path, **settings) -> Flask:
    """An app over ``url``, migrated from empty and loaded with the sample catalogue."""
    app = create_app({**app_config(root, url, media_root), **settings})
    with app.app_context():
        upgrade()
        load_catalogue(read_seed(SEED_ROOT), SEED_ROOT / "images")
        db.session.commit()
    return app

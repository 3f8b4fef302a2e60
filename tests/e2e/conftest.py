"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The server runs the real app in a thread on 127.0.0.1 with its own SQLite database,
migrated and loaded with the sample catalogue. Without Chromium the tests skip, unless
STOREFRONT_REQUIRE_E2E=1 (CI), where a missing browser is an error.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from storefront import create_app
from tests.conftest import app_config, migrate_and_seed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
REQUIRE_E2E = os.environ.get("STOREFRONT_REQUIRE_E2E") == "1"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or REQUIRE_E2E:
        return
    skip = pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM} "
                                   "(apt-get install chromium; CI requires it)")
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"STOREFRONT_REQUIRE_E2E=1 but there is no Chromium at {CHROMIUM}")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS,
            "headless": True}


@dataclass
class LiveSite:
    url: str
    app: Flask


@pytest.fixture(scope="session")
def live_site(tmp_path_factory, media_root) -> Iterator[LiveSite]:
    """The app served on 127.0.0.1 (an ephemeral port) with the sample data."""
    instance = tmp_path_factory.mktemp("e2e-instance")
    app = create_app(app_config(instance, f"sqlite:///{instance / 'e2e.sqlite3'}", media_root))
    app.config["TESTING"] = False  # behave like production: errors render error pages
    app.config["PAGE_CACHE_SECONDS"] = 300  # and keep shared pages, as production does
    migrate_and_seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveSite(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server(live_site) -> str:
    """Base URL of the live site."""
    return live_site.url


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, to inject into pages (contexts made with bypass_csp=True)."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does)")
    return AXE.read_text()


@pytest.fixture
def allowed_console_errors() -> list[re.Pattern]:
    """Console errors a test expects (append patterns); any other one fails the test."""
    return []


@pytest.fixture
def page(page, live_server, allowed_console_errors):
    """Playwright's page, failing the test on any console error (CSP violations included)."""
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    unexpected = [error for error in errors
                  if not any(pattern.search(error) for pattern in allowed_console_errors)]
    assert unexpected == [], unexpected

"""Threaded servers stay up under concurrent visitors (issue 16: SIGSEGV under ten clients).

Before ``storefront.collector``, CPython 3.11's garbage collector could run in the middle
of an attribute store and let SQLAlchemy's weakref callbacks corrupt memory: `make run`
died within seconds when ten visitors browsed at once. Here 16 clients fetch uncached
catalogue, product and search pages for 60 s (STOREFRONT_SERVER_TEST_SECONDS to change)
from `make serve` (the server of `make run`) and from gunicorn with 4 threads per worker.
No request may fail, none may answer 5xx, and the log must hold no crashed worker.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote_plus

import pytest
import requests

from tests.conftest import PROJECT_ROOT

BIN = Path(sys.executable).parent
SECONDS = float(os.environ.get("STOREFRONT_SERVER_TEST_SECONDS", 60))
CLIENTS = 16
SEARCHES = ["mat ong", "nước mắm", "toi den", "tra", "khoai deo", "ruou sim", "honey",
            "fish sauce", "tieu", "xyzzy"]
# What gunicorn's master and faulthandler write when a worker dies (SIGTERM is our stop).
CRASH_MARKS = ("was sent SIGSEGV", "was sent SIGABRT", "was sent SIGBUS", "was sent SIGKILL",
               "WORKER TIMEOUT", "Fatal Python error", "Segmentation fault")


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """A SQLite shop as `make run` leaves it: migrated, seeded, indexed."""
    path = tmp_path_factory.mktemp("threaded-server")
    env = server_env(path)
    for command in (["db", "upgrade"], ["seed", "catalog"], ["search", "reindex"]):
        subprocess.run([str(BIN / "flask"), *command], cwd=PROJECT_ROOT, env=env, check=True,
                       capture_output=True, timeout=300)
    return path


def server_env(instance: Path) -> dict:
    return {**os.environ, "FLASK_APP": "wsgi", "STOREFRONT_INSTANCE_PATH": str(instance),
            "STOREFRONT_PAGE_CACHE_SECONDS": "0",  # every page is rendered, none kept
            "STOREFRONT_SESSION_COOKIE_SECURE": "false", "STOREFRONT_MAX_REQUESTS": "0"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def catalogue(instance: Path) -> tuple[list[str], list[int]]:
    """Paths a visitor browses, and the ids of products that can go in a cart."""
    with sqlite3.connect(instance / "storefront.sqlite3") as connection:
        products = connection.execute(
            "SELECT slug, id, stock FROM products WHERE status = 'published'").fetchall()
    paths = [f"/{lang}/products?page={page}" for lang in ("vi", "en") for page in (1, 2, 3)]
    paths += ["/vi/products?stars=4", "/en/products?sort=name", "/vi/products?in_stock=1",
              "/vi/", "/en/", "/vi/cart", "/vi/checkout"]
    paths += [f"/{random.choice(['vi', 'en'])}/products/{slug}" for slug, _, _ in products]
    paths += [f"/vi/products?q={quote_plus(query)}" for query in SEARCHES]
    return paths, [product_id for _, product_id, stock in products if stock > 2]


def start(command: list[str], env: dict, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, start_new_session=True,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited at once:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise AssertionError(f"the server did not listen on {port}:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


def fill_cart(visitor: requests.Session, base: str, product_ids: list[int]) -> None:
    """Two products in the visitor's cart: each page then reads a cart and its lines."""
    for product_id in random.sample(product_ids, 2):
        token = visitor.get(f"{base}/vi/cart/token", timeout=30).json()["csrf_token"]
        answer = visitor.post(f"{base}/vi/cart/add", timeout=30,
                              data={"product_id": product_id, "quantity": 1, "csrf_token": token},
                              headers={"Accept": "application/json"})
        assert answer.status_code == 200, f"{answer.status_code}: {answer.text[:300]}"


def browse(port: int, instance: Path, seconds: float) -> Counter:
    """CLIENTS threads, each a visitor with a cart, fetching random pages with no pause."""
    base = f"http://127.0.0.1:{port}"
    paths, product_ids = catalogue(instance)
    outcomes: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        mine: Counter = Counter()
        with requests.Session() as visitor:
            try:
                fill_cart(visitor, base, product_ids)
            except requests.RequestException as error:
                mine[type(error).__name__] += 1
            while time.monotonic() < stop_at:
                try:
                    mine[visitor.get(base + random.choice(paths), timeout=30).status_code] += 1
                except requests.RequestException as error:  # refused, reset: the server died
                    mine[type(error).__name__] += 1
        with lock:
            outcomes.update(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def assert_survived(outcomes: Counter, log: Path) -> None:
    text = log.read_text(errors="replace")
    crashes = [line for line in text.splitlines() if any(mark in line for mark in CRASH_MARKS)]
    assert not crashes, "\n".join(crashes[:20])
    failures = {k: v for k, v in outcomes.items() if not isinstance(k, int) or k >= 500}
    assert not failures, f"{failures} of {sum(outcomes.values())} requests"
    assert outcomes[200] > CLIENTS * 5, outcomes  # it served, and served pages


def run_against(command: list[str], env: dict, port: int, instance: Path, log: Path) -> None:
    server = start(command, env, port, log)
    try:
        outcomes = browse(port, instance, SECONDS)
    finally:
        still_up = server.poll() is None
        stop(server)
    print(f"{' '.join(command[:2])}: {dict(outcomes)}")
    assert still_up, f"the server died:\n{log.read_text()[-3000:]}"
    assert_survived(outcomes, log)


def test_ten_threads_in_one_process_with_the_collector_guard(instance):
    """Without the guard this process dies within seconds on CPython 3.11 (SIGSEGV)."""
    completed = subprocess.run(
        [sys.executable, "-m", "tests.support.threaded_requests", str(SECONDS / 2)],
        cwd=PROJECT_ROOT, env=server_env(instance), capture_output=True, text=True,
        timeout=SECONDS * 5)
    assert completed.returncode == 0, (completed.returncode, completed.stdout[-2000:],
                                       completed.stderr[-4000:])
    assert completed.stdout.startswith("served ")


def test_make_run_server_with_sixteen_visitors(instance, tmp_path):
    port = free_port()
    command = ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}",
               f"BIN={BIN}"]
    run_against(command, server_env(instance), port, instance, tmp_path / "serve.log")


def test_gunicorn_with_four_threads_per_worker(instance, tmp_path):
    port = free_port()
    env = {**server_env(instance), "STOREFRONT_BIND": f"127.0.0.1:{port}",
           "STOREFRONT_WORKERS": "2", "STOREFRONT_THREADS": "4"}
    command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"]
    run_against(command, env, port, instance, tmp_path / "gunicorn.log")
